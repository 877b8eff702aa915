package googlesheets

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

const seed = `{"spreadsheets":[{"spreadsheetId":"doc1","title":"Book","sheets":[
 {"sheetId":0,"title":"Sheet1","values":[["a","b","c"],[1,"x",true],[],[2,"",false]]},
 {"sheetId":9,"title":"My Sheet","rowCount":5,"columnCount":3,"values":[]}]}]}`

func newFake(t *testing.T, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	s := New(opts)
	if err := s.Seed([]byte(seed)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func call(t *testing.T, srv *httptest.Server, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer t")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.Join(strings.Fields(string(b)), "")
}

func TestValues(t *testing.T) {
	cases := []struct {
		name, method, path, body string
		status                   int
		want                     string // substring of the compacted answer
	}{
		{"get whole sheet formatted", "GET", "/v4/spreadsheets/doc1/values/'Sheet1'", "", 200,
			`"range":"Sheet1!A1:Z1000","majorDimension":"ROWS","values":[["a","b","c"],["1","x","TRUE"],[],["2","","FALSE"]]`},
		{"get unformatted columns", "GET", "/v4/spreadsheets/doc1/values/Sheet1!A:B?valueRenderOption=UNFORMATTED_VALUE", "", 200,
			`"range":"Sheet1!A1:B1000","majorDimension":"ROWS","values":[["a","b"],[1,"x"],[],[2]]`},
		{"get empty range has no values", "GET", "/v4/spreadsheets/doc1/values/Sheet1!E5:F6", "", 200, `{"range":"Sheet1!E5:F6","majorDimension":"ROWS"}`},
		{"quoted title", "GET", "/v4/spreadsheets/doc1/values/'My%20Sheet'!A1:B2", "", 200, `"range":"'MySheet'!A1:B2"`},
		{"unknown sheet", "GET", "/v4/spreadsheets/doc1/values/Nope!A1", "", 400, `"message":"Unabletoparserange:Nope!A1","status":"INVALID_ARGUMENT"`},
		{"unknown spreadsheet", "GET", "/v4/spreadsheets/nope/values/Sheet1", "", 404, `"status":"NOT_FOUND"`},
		{"update user entered", "PUT", "/v4/spreadsheets/doc1/values/Sheet1!5:5?valueInputOption=USER_ENTERED", `{"range":"Sheet1!5:5","values":[["3","TRUE","'7"]]}`, 200,
			`"updatedRange":"Sheet1!A5:C5","updatedRows":1,"updatedColumns":3,"updatedCells":3`},
		{"update beyond grid", "PUT", "/v4/spreadsheets/doc1/values/'My%20Sheet'!6:6?valueInputOption=RAW", `{"values":[["x"]]}`, 400, `exceedsgridlimits`},
		{"update needs input option", "PUT", "/v4/spreadsheets/doc1/values/Sheet1!A1", `{"values":[["x"]]}`, 400, `'valueInputOption'isrequired`},
		{"object value refused", "PUT", "/v4/spreadsheets/doc1/values/Sheet1!A9?valueInputOption=RAW", `{"values":[[{"a":1}]]}`, 400, `Invalidvalues[0][0]:struct_value`},
		{"append after the table", "POST", "/v4/spreadsheets/doc1/values/Sheet1!A:C:append?valueInputOption=RAW", `{"values":[["n","m"]]}`, 200,
			`"tableRange":"Sheet1!A1:C4","updates":{"spreadsheetId":"doc1","updatedRange":"Sheet1!A5:B5"`},
		{"clear", "POST", "/v4/spreadsheets/doc1/values/Sheet1!B2:C4:clear", `{}`, 200, `"clearedRange":"Sheet1!B2:C4"`},
		{"batch update", "POST", "/v4/spreadsheets/doc1/values:batchUpdate", `{"valueInputOption":"RAW","data":[{"range":"Sheet1!B2","values":[["y"]]},{"range":"Sheet1!C4","values":[[5]]}]}`, 200,
			`"totalUpdatedRows":2,"totalUpdatedColumns":2,"totalUpdatedCells":2,"totalUpdatedSheets":1`},
		{"spreadsheet fields mask", "GET", "/v4/spreadsheets/doc1?fields=sheets.properties", "", 200,
			`{"sheets":[{"properties":{"sheetId":0,"title":"Sheet1","index":0,"sheetType":"GRID","gridProperties":{"rowCount":1000,"columnCount":26}}}`},
		{"add sheet", "POST", "/v4/spreadsheets/doc1:batchUpdate", `{"requests":[{"addSheet":{"properties":{"title":"New"}}}]}`, 200, `"addSheet":{"properties":{"sheetId":100001,"title":"New","index":2`},
		{"add duplicate sheet", "POST", "/v4/spreadsheets/doc1:batchUpdate", `{"requests":[{"addSheet":{"properties":{"title":"sheet1"}}}]}`, 400, `Asheetwiththename\"sheet1\"alreadyexists`},
		{"delete rows by string id", "POST", "/v4/spreadsheets/doc1:batchUpdate", `{"requests":[{"deleteDimension":{"range":{"sheetId":"0","dimension":"ROWS","startIndex":1,"endIndex":2}}}]}`, 200, `"replies":[{}]`},
		{"delete unknown sheet", "POST", "/v4/spreadsheets/doc1:batchUpdate", `{"requests":[{"deleteSheet":{"sheetId":5}}]}`, 400, `Nosheetwithid:5`},
		{"create spreadsheet", "POST", "/v4/spreadsheets", `{"properties":{"title":"T"},"sheets":[]}`, 200, `"properties":{"title":"T","locale":"en_US"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, srv := newFake(t, Options{})
			status, body := call(t, srv, c.method, c.path, c.body)
			if status != c.status || !strings.Contains(body, c.want) {
				t.Fatalf("%d %s\nwant %d containing %s", status, body, c.status, c.want)
			}
		})
	}
}

func TestWritesChangeState(t *testing.T) {
	s, srv := newFake(t, Options{})
	call(t, srv, "PUT", "/v4/spreadsheets/doc1/values/Sheet1!3:3?valueInputOption=USER_ENTERED", `{"values":[["3.5","=A1",null,""]]}`)
	call(t, srv, "POST", "/v4/spreadsheets/doc1:batchUpdate", `{"requests":[{"deleteDimension":{"range":{"sheetId":0,"dimension":"COLUMNS","startIndex":1,"endIndex":2}}}]}`)
	_, body := call(t, srv, "GET", "/v4/spreadsheets/doc1/values/Sheet1?valueRenderOption=UNFORMATTED_VALUE", "")
	if !strings.Contains(body, `"values":[["a","c"],[1,true],[3.5],[2,false]]`) {
		t.Fatalf("after writes: %s", body)
	}
	if got := s.Requests(); len(got) != 3 || got[0].Token != "t" || got[0].Status != 200 {
		t.Fatalf("log %+v", got)
	}
}

func TestAuthAndRateLimits(t *testing.T) {
	_, srv := newFake(t, Options{Tokens: tokenSet{"good": true}})
	req, _ := http.NewRequest("GET", srv.URL+"/v4/spreadsheets/doc1", nil)
	req.Header.Set("Authorization", "Bearer bad")
	resp, _ := srv.Client().Do(req)
	if resp.StatusCode != 401 {
		t.Fatalf("bad token: %d", resp.StatusCode)
	}
	s, srv := newFake(t, Options{})
	s.AddFault(fakekit.Fault{Status: 429})
	s.AddFault(fakekit.Fault{Status: 403})
	if st, body := call(t, srv, "GET", "/v4/spreadsheets/doc1", ""); st != 429 || !strings.Contains(body, `"status":"RESOURCE_EXHAUSTED"`) || !strings.Contains(body, "RATE_LIMIT_EXCEEDED") {
		t.Fatalf("429: %s", body)
	}
	if st, body := call(t, srv, "GET", "/v4/spreadsheets/doc1", ""); st != 403 || !strings.Contains(body, `PERMISSION_DENIED`) {
		t.Fatalf("403: %s", body)
	}
	_, srv = newFake(t, Options{RateLimit: 0.001, RateBurst: 1, Legacy403: true})
	call(t, srv, "GET", "/v4/spreadsheets/doc1", "")
	if st, body := call(t, srv, "GET", "/v4/spreadsheets/doc1", ""); st != 403 || !strings.Contains(body, `"reason":"rateLimitExceeded"`) {
		t.Fatalf("legacy 403: %d %s", st, body)
	}
}

type tokenSet map[string]bool

func (t tokenSet) Check(tok string) bool { return t[tok] }
