package formtrigger_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/browsertest"
	"github.com/n8n-go/n8n-go/internal/server"
	"github.com/n8n-go/n8n-go/internal/store"
)

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// lastItem is the first item the trigger emitted in a stored execution.
func lastItem(t *testing.T, rec store.Record, node string) *data.Object {
	t.Helper()
	doc, err := data.ParseJSON(rec.Data)
	if err != nil {
		t.Fatal(err)
	}
	v := any(doc)
	for _, k := range []string{"data", "resultData", "runData", node} {
		o, _ := v.(*data.Object)
		if o == nil {
			t.Fatalf("execution has no %s", k)
		}
		v = o.Value(k)
	}
	runs, _ := v.([]any)
	task, _ := runs[0].(*data.Object)
	main, _ := task.Value("data").(*data.Object).Value("main").([]any)
	items, _ := main[0].([]any)
	return items[0].(*data.Object)
}

// TestBrowserFillsAndSubmitsTheForm opens the form served by `serve` in
// headless Chromium, submits it once without the required field (the page
// refuses), then fills every element as a person would and submits.
func TestBrowserFillsAndSubmitsTheForm(t *testing.T) {
	ctx := browsertest.New(t)
	base, st := serve(t, server.Options{}, filepath.Join(testdata, "contact.workflow.json"))
	upload, _ := filepath.Abs(filepath.Join(testdata, "note.txt"))

	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/form/golden-form?src=mail"),
		chromedp.WaitVisible(chromedp.CSS("#submit-btn")),
		chromedp.Click(chromedp.CSS("#submit-btn")),
		chromedp.WaitVisible(chromedp.CSS(".error-field-0")),
	)
	if err != nil {
		t.Fatal(err)
	}
	title := run(t, ctx, chromedp.Title())
	nameError := run(t, ctx, chromedp.Text(chromedp.CSS(".error-field-0")))
	if title != "Contact us" || nameError != "This field is required" {
		t.Fatalf("title %q, required-field error %q", title, nameError)
	}
	if list, _ := st.List(context.Background(), store.ListOptions{}); len(list) != 0 {
		t.Fatalf("an invalid form was submitted: %d executions", len(list))
	}

	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#field-0"), "  Ann Lee "),
		chromedp.SendKeys(chromedp.CSS("#field-1"), "42"),
		chromedp.SendKeys(chromedp.CSS("#field-2"), "ann@example.com"),
		chromedp.SetValue(chromedp.CSS("#field-3"), "Blue"),
		chromedp.Click(chromedp.CSS("#option0_field-4")),
		chromedp.Click(chromedp.CSS("#option2_field-4")),
		chromedp.Click(chromedp.CSS("#option0_field-5")),
		chromedp.Click(chromedp.CSS("#option1_field-5")), // radio: M replaces S
		chromedp.SendKeys(chromedp.CSS("#field-6"), "line one"),
		chromedp.SetValue(chromedp.CSS("#field-7"), "2026-12-24"),
		chromedp.SetUploadFiles(chromedp.CSS("#field-9"), []string{upload}),
		chromedp.SendKeys(chromedp.CSS("#field-10"), "s3cret"),
		chromedp.Click(chromedp.CSS("#submit-btn")),
		chromedp.WaitVisible(chromedp.CSS("#submitted-form")),
	)
	if err != nil {
		t.Fatal(err)
	}
	header := run(t, ctx, chromedp.Text(chromedp.CSS("#submitted-header")))
	content := run(t, ctx, chromedp.Text(chromedp.CSS("#submitted-content")))
	if header != "Form Submitted" || content != "Your response has been recorded" {
		t.Errorf("page after submission: %q / %q", header, content)
	}
	item := lastItem(t, waitRecord(t, st), "On form submission")
	js := item.Value("json").(*data.Object)
	keys := strings.Join(js.Keys(), ",")
	if want := "Name,Age,Email,Color,Fruits,Size,Notes,Day,ref,Attachment file,Secret,Missing,Blank,block,submittedAt,formMode,formQueryParameters"; keys != want {
		t.Errorf("keys %s\nwant %s", keys, want)
	}
	for k, want := range map[string]string{
		"Name": `"Ann Lee"`, "Age": `42`, "Email": `"ann@example.com"`, "Color": `"Blue"`, "Fruits": `["Apple","Plum"]`,
		"Size": `"M"`, "Notes": `"line one"`, "Day": `"2026-12-24"`, "ref": `"abc"`,
		"Attachment file": `[{"filename":"note.txt","mimetype":"text/plain","size":11}]`, "Secret": `"s3cret"`,
		"Missing": `""`, "Blank": `0`, "block": `"<p>Hello</p>"`, "formMode": `"production"`, "formQueryParameters": `{"src":"mail"}`,
	} {
		got, _ := data.MarshalValue(js.Value(k))
		if string(got) != want {
			t.Errorf("%s = %s, want %s", k, got, want)
		}
	}
	bin, _ := item.Value("binary").(*data.Object)
	if bin == nil || bin.Value("Attachment_file") == nil {
		t.Fatalf("no binary Attachment_file: %v", item.Value("binary"))
	}
	raw, _ := os.ReadFile(upload)
	if got := bin.Value("Attachment_file").(*data.Object).Value("fileName"); got != "note.txt" || len(raw) != 11 {
		t.Errorf("binary fileName %v", got)
	}
}

// writeWorkflow writes a workflow file for serve.
func writeWorkflow(t *testing.T, wf string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "wf.json")
	if err := os.WriteFile(p, []byte(wf), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBrowserResponseModes submits forms whose answer the page acts on:
// a text sent by Respond to Webhook ({"formSubmittedText": …}), a
// redirect sent by Respond to Webhook (turned into {"redirectURL": …})
// and the trigger's own "Redirect URL" option.
func TestBrowserResponseModes(t *testing.T) {
	ctx := browsertest.New(t)
	thanks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "<html><head><title>Thanks page</title></head><body>thanks</body></html>")
	}))
	t.Cleanup(thanks.Close)
	trigger := func(path, extra string) string {
		return `{"name":"T","type":"n8n-nodes-base.formTrigger","typeVersion":2.1,"position":[0,0],"id":"n-` + path + `","webhookId":"w-` + path + `",
		"parameters":{"path":"` + path + `","formTitle":"T","formFields":{"values":[{"fieldLabel":"Name","requiredField":true}]}` + extra + `}}`
	}
	respond := func(params string) string {
		return `{"name":"R","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,"position":[200,0],"parameters":` + params + `}`
	}
	wf := func(name string, nodes ...string) string {
		conns := `{}`
		if len(nodes) > 1 {
			conns = `{"T":{"main":[[{"node":"R","type":"main","index":0}]]}}`
		}
		return writeWorkflow(t, `{"name":"`+name+`","settings":{"executionOrder":"v1"},"nodes":[`+strings.Join(nodes, ",")+`],"connections":`+conns+`}`)
	}
	base, _ := serve(t, server.Options{},
		wf("text", trigger("text", `,"responseMode":"responseNode"`),
			respond(`{"respondWith":"json","responseBody":"={{ JSON.stringify({formSubmittedText: 'Thanks ' + $json.Name}) }}"}`)),
		wf("redirect-node", trigger("redirect-node", `,"responseMode":"responseNode"`),
			respond(`{"respondWith":"redirect","redirectURL":"`+thanks.URL+`/from-node"}`)),
		wf("redirect-option", trigger("redirect-option", `,"options":{"respondWithOptions":{"values":{"respondWith":"redirect","redirectUrl":"`+thanks.URL+`/from-option"}}}`)),
	)
	submit := func(path string) {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+"/form/"+path),
			chromedp.WaitVisible(chromedp.CSS("#field-0")),
			chromedp.SendKeys(chromedp.CSS("#field-0"), "Ann"),
			chromedp.Click(chromedp.CSS("#submit-btn")),
		)
		if err != nil {
			t.Fatal(err)
		}
	}
	submit("text")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#submitted-form"))); err != nil {
		t.Fatal(err)
	}
	if got := run(t, ctx, chromedp.Text(chromedp.CSS("#submitted-content"))); got != "Thanks Ann" {
		t.Errorf("text from Respond to Webhook: %q", got)
	}
	for _, path := range []string{"redirect-node", "redirect-option"} {
		submit(path)
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		want := "/from-node"
		if path == "redirect-option" {
			want = "/from-option"
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			loc := run(t, ctx, chromedp.Location())
			if strings.HasPrefix(loc, thanks.URL) {
				if !strings.HasSuffix(loc, want) {
					t.Errorf("%s: redirected to %s, want …%s", path, loc, want)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: still at %s", path, loc)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
