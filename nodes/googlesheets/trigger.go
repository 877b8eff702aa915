package googlesheets

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/nodes/cron"
)

// TriggerType is the Google Sheets Trigger's n8n type name.
const TriggerType = "n8n-nodes-base.googleSheetsTrigger"

// TriggerOAuth2Type is the trigger's own OAuth2 credential type.
const TriggerOAuth2Type = "googleSheetsTriggerOAuth2Api"

// trigger is the Google Sheets Trigger (typeVersion 1), a polling
// trigger. Row Added compares the number of data rows with the last poll's;
// Row Updated and Row Added or Updated compare the sheet with an export of
// its previous Drive revision, which n8n-go does not do yet.
type trigger struct{ tokens *auth.GoogleTokens }

// NewTrigger returns the Google Sheets Trigger node.
func NewTrigger() engine.Node { return &trigger{tokens: &auth.GoogleTokens{}} }

func (t *trigger) Describe() engine.Description {
	return engine.Description{
		Type: TriggerType, Versions: []float64{1}, Kind: engine.KindTrigger,
		Defaults: func(float64) map[string]any {
			return map[string]any{"authentication": "triggerOAuth2", "event": "anyUpdate", "includeInOutput": "new",
				"options": map[string]any{}, "pollTimes": cron.PollTimesDefault()}
		},
		Inputs: func(engine.Params, float64) int { return 0 },
		Credentials: func(p engine.Params, _ float64) []string {
			if p.String("authentication") == "serviceAccount" {
				return []string{ServiceAccountType}
			}
			return []string{TriggerOAuth2Type}
		},
		Check: func(p engine.Params, _ float64) []string {
			var out []string
			if _, err := cron.PollSchedules(data.ToMap(p.Object), nil); err != nil {
				out = append(out, err.Error())
			}
			return out
		},
	}
}

// Execute passes on the items a poll started the run with.
func (t *trigger) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return [][]data.Item{ex.Input(0)}, nil
}

// Poll is n8n's GoogleSheetsTrigger.poll. Row Added: the rows after the
// key row; a manual run returns them all, a scheduled poll those beyond
// lastIndexChecked (the first poll only counts them). Row Updated and Row
// Added or Updated (updates.go): the sheet compared with the xlsx export
// of the Drive revision seen at the last poll.
func (t *trigger) Poll(ctx context.Context, ex *engine.Exec) ([]data.Item, error) {
	items, err := t.poll(ctx, ex)
	if err != nil {
		return nil, triggerError(err)
	}
	return items, nil
}

func (t *trigger) poll(ctx context.Context, ex *engine.Exec) ([]data.Item, error) {
	r := &run{ex: ex}
	manual := ex.PollManual()
	st := ex.StaticData()
	event, err := r.str("event", 0, "anyUpdate")
	if err != nil {
		return nil, err
	}
	docV, err := ex.Param("documentId", 0)
	if err != nil {
		return nil, err
	}
	docID, err := spreadsheetID(docV)
	if err != nil {
		return nil, err
	}
	mode, value, err := r.sheetLocator()
	if err != nil {
		return nil, err
	}
	authn, err := r.str("authentication", 0, "triggerOAuth2")
	if err != nil {
		return nil, err
	}
	typ := TriggerOAuth2Type
	if authn == "serviceAccount" {
		typ = ServiceAccountType
	}
	if r.c, err = newClientOf(ex, typ, t.tokens, "sheetV2"); err != nil {
		return nil, err
	}
	sh := &sheet{id: docID, c: r.c}
	props, err := sh.getSheet(ctx, mode, value)
	if err != nil {
		return nil, err
	}
	sheetID, sheetName := props.Value("sheetId"), jsString(props.Value("title"))
	optV, err := ex.ParamOr("options", 0, data.NewObject(0))
	if err != nil {
		return nil, err
	}
	options, _ := optV.(*data.Object)
	if options == nil {
		options = data.NewObject(0)
	}
	if !manual && (st.Value("documentId") != any(docID) || st.Value("sheetId") != sheetID) {
		st.Set("documentId", docID)
		st.Set("sheetId", sheetID)
		st.Set("lastRevision", data.Undefined)
		st.Set("lastRevisionLink", data.Undefined)
		st.Set("lastIndexChecked", data.Undefined)
	}
	prevRev, prevLink := st.Value("lastRevision"), st.Value("lastRevisionLink")
	if event != "rowAdded" {
		newer, err := r.newRevision(ctx, docID, prevRev, st, manual)
		if err != nil || !newer {
			return nil, err
		}
	}
	loc, err := dataLocation(options)
	if err != nil {
		return nil, err
	}
	if event != "rowAdded" {
		if event != "anyUpdate" && event != "rowUpdate" {
			return nil, nil
		}
		return r.updates(ctx, sh, updateArgs{event: event, sheetName: sheetName, loc: loc, options: options,
			prevRev: prevRev, prevLink: prevLink, manual: manual})
	}
	resp, err := r.c.request(ctx, "GET", "/v4/spreadsheets/"+docID+"/values/"+encodeURIComponent(sheetName)+"!"+loc.keyRange, nil, nil)
	if err != nil {
		return nil, err
	}
	var columns []any
	if vals, ok := obj(resp).Value("values").([]any); ok && len(vals) > 0 {
		columns, _ = vals[0].([]any)
	}
	if len(columns) == 0 {
		return nil, engine.OperationError(-1, "Could not retrieve the columns from key row")
	}
	render, dateTime := "UNFORMATTED_VALUE", "FORMATTED_STRING"
	if v := options.Value("valueRender"); truthy(v) {
		render = jsString(v)
	}
	if v := options.Value("dateTimeRenderOption"); truthy(v) {
		dateTime = jsString(v)
	}
	rows, err := sh.getData(ctx, sheetName+"!"+loc.rangeToCheck, render, dateTime)
	if err != nil {
		return nil, err
	}
	if rows == nil {
		return nil, nil
	}
	if len(rows) > 0 {
		rows = rows[1:] // the key row
	}
	start := 0
	if loc.definition == "specifyRange" && loc.keyRow < loc.startIndex {
		start = loc.startIndex - loc.keyRow - 1
	}
	if manual {
		return rowsToItems(sliceFrom(rows, start), columns), nil
	}
	last, ok := st.Value("lastIndexChecked").(float64)
	if !ok {
		st.Set("lastIndexChecked", float64(len(rows)))
		return nil, nil
	}
	added := sliceFrom(rows, max(int(last), start))
	st.Set("lastIndexChecked", float64(len(rows)))
	return rowsToItems(added, columns), nil
}

func sliceFrom(rows []any, i int) []any {
	if i < 0 {
		i = 0
	}
	if i >= len(rows) {
		return nil
	}
	return rows[i:]
}

// rowsToItems is arrayOfArraysToJson and returnJsonArray: one item per
// row keyed by the columns, a falsy cell as ”; nil when there is none.
func rowsToItems(rows []any, columns []any) []data.Item {
	if len(rows) == 0 {
		return nil
	}
	out := make([]data.Item, 0, len(rows))
	for _, rv := range rows {
		r := row(rv)
		o := data.NewObject(len(columns))
		for i, c := range columns {
			v, _ := cell(r, i)
			if !truthy(v) {
				v = ""
			}
			o.Set(jsString(c), v)
		}
		out = append(out, data.Item{JSON: o})
	}
	return out
}

// location is the trigger's key range and data range (options.
// dataLocationOnSheet).
type location struct {
	definition, rng        string
	keyRow, startIndex     int
	keyRange, rangeToCheck string
}

var cellRef = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`([a-zA-Z]{1,10})([0-9]{0,10})`)
})

func dataLocation(options *data.Object) (location, error) {
	l := location{keyRow: 1, startIndex: 2, rng: "A:ZZZ"}
	rng := l.rng
	from, to, _ := strings.Cut(rng, ":")
	l.keyRange = from + "1:" + to + "1"
	l.rangeToCheck = from + "1:" + to
	dl, ok := options.Value("dataLocationOnSheet").(*data.Object)
	if !ok {
		return l, nil
	}
	values, _ := dl.Value("values").(*data.Object)
	if values == nil {
		values = data.NewObject(0)
	}
	l.definition = jsString(values.Value("rangeDefinition"))
	if l.definition == "specifyRangeA1" {
		r := jsString(values.Value("range"))
		if r == "" {
			return l, engine.OperationError(-1, "The field 'Range' is empty, please provide a range")
		}
		rng = r
	}
	if l.definition == "specifyRange" {
		l.keyRow = jsParseInt(values.Value("headerRow"), 1)
		l.startIndex = jsParseInt(values.Value("firstDataRow"), 2)
	}
	l.rng = rng
	rFrom, rTo, _ := strings.Cut(rng, ":")
	// A failed match reads as undefined; a matched row number may be ""
	// (n8n's +"" is 0: "A:Z" in A1 mode has key row 0).
	cf := cellRef().FindStringSubmatch(rFrom)
	ct := cellRef().FindStringSubmatch(rTo)
	fromMatched := cf != nil
	if cf == nil {
		cf = []string{"", "undefined", ""}
	}
	if ct == nil {
		ct = []string{"", "undefined", ""}
	}
	if l.definition == "specifyRangeA1" && fromMatched {
		n, _ := strconv.Atoi(cf[2])
		l.keyRange = cf[1] + strconv.Itoa(n) + ":" + ct[1] + strconv.Itoa(n)
		l.rangeToCheck = cf[1] + strconv.Itoa(n+1) + ":" + rTo
	} else {
		l.keyRange = cf[1] + strconv.Itoa(l.keyRow) + ":" + ct[1] + strconv.Itoa(l.keyRow)
		l.rangeToCheck = cf[1] + strconv.Itoa(l.keyRow) + ":" + rTo
	}
	return l, nil
}

// jsParseInt is parseInt(String(v), 10) with def for NaN.
func jsParseInt(v any, def int) int {
	m := leadingInt().FindString(jsString(v))
	if m == "" {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(m, "+")))
	if err != nil {
		return def
	}
	return n
}

// triggerError is the trigger's catch: an API answer's message becomes a
// NodeOperationError (its first sentence, the rest as description), the
// edit-access case gets n8n's hint.
func triggerError(err error) error {
	ne := engine.AsNodeError(err)
	if ne == nil || ne.Name != "NodeApiError" {
		return err
	}
	if strings.Contains(strings.ToLower(ne.Description), "user does not have sufficient permissions for file") {
		return engine.OperationError(-1, "Edit access to the document is required for the 'Row Update' and 'Row Added or Updated' triggers. Request edit access to the document's owner or select the 'Row Added' trigger in the 'Trigger On' dropdown.")
	}
	msg := ne.Description
	low := strings.ToLower(msg)
	if msg == "" || strings.Contains(low, "unknown error") || strings.Contains(low, "bad request") {
		return err
	}
	parts := strings.Split(msg, ". ")
	if strings.ToLower(parts[0]) == "access not configured" {
		parts[0] = "Missing Google Drive API"
	}
	out := engine.OperationError(-1, "%s", parts[0])
	out.Description = strings.Join(parts[1:], ".\n ")
	return out
}
