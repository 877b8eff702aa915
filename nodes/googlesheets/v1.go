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
)

// typeVersions 1 and 2 (n8n's GoogleSheetsV1): the spreadsheet id and an
// A1 range as plain strings, a key row and a data start row (0-based
// indexes), operations append, clear, create, delete, lookup, read,
// remove, update and upsert. The two versions differ only in the default
// authentication (service account in 1, OAuth2 in 2).

// v1Ops are the sheet resource's operations in typeVersions 1 and 2.
var v1Ops = []string{"append", "clear", "create", "upsert", "delete", "lookup", "read", "remove", "update"}

// v1Defaults are GoogleSheetsV1's parameter defaults.
func v1Defaults(v float64) map[string]any {
	authn := "serviceAccount"
	if v >= 2 {
		authn = "oAuth2"
	}
	return map[string]any{
		"authentication": authn, "resource": "sheet", "sheetId": "", "range": "A:F",
		"dataStartRow": 1.0, "keyRow": 0.0, "rawData": false, "dataProperty": "data",
		"key": "id", "lookupColumn": "", "lookupValue": "", "simple": true, "id": "", "title": "",
	}
}

// v1 is one run of the old node: the sheet helper on sheetId.
type v1 struct {
	*run
	sh *sheet
}

// routeV1 is GoogleSheetsV1.execute. Every operation catches its own
// failure: under continueOnFail the output is one {error: message} item.
func (r *run) routeV1(ctx context.Context, tokens *auth.GoogleTokens) ([]data.Item, error) {
	resource, err := r.str("resource", 0, "sheet")
	if err != nil {
		return nil, err
	}
	defOp := "read"
	if resource == "spreadsheet" {
		defOp = "create"
	}
	op, err := r.str("operation", 0, defOp)
	if err != nil {
		return nil, err
	}
	authn, err := r.str("authentication", 0, "serviceAccount")
	if err != nil {
		return nil, err
	}
	v := &v1{run: r}
	clientErr := func() error {
		if v.c != nil {
			return nil
		}
		c, err := newClientScoped(r.ex, authn, tokens, "sheetV1")
		if err != nil {
			return err
		}
		r.c = c
		return nil
	}
	switch resource {
	case "spreadsheet":
		if op != "create" {
			return []data.Item{}, nil
		}
		return v.perItem(clientErr, v.createSpreadsheet)
	case "sheet":
	default:
		return nil, nil
	}
	id, err := r.str("sheetId", 0, "")
	if err != nil {
		return nil, err
	}
	v.sh = &sheet{id: id}
	rng := ""
	if op != "create" && op != "delete" && op != "remove" {
		if rng, err = r.str("range", 0, "A:F"); err != nil {
			return nil, err
		}
	}
	options, err := r.ex.ParamOr("options", 0, data.NewObject(0))
	if err != nil {
		return nil, err
	}
	opts := obj(options)
	inputMode := optString(opts, "valueInputMode", "RAW")
	renderMode := optString(opts, "valueRenderMode", "UNFORMATTED_VALUE")

	switch op {
	case "create":
		return v.perItem(clientErr, v.createSheet)
	case "remove":
		return v.perItem(clientErr, v.removeSheet)
	}
	var run func(context.Context) ([]data.Item, error)
	switch op {
	case "append":
		run = func(ctx context.Context) ([]data.Item, error) {
			keyRow, err := v.intParam("keyRow", 0)
			if err != nil {
				return nil, err
			}
			inputs := v.inputJSON()
			if err := v.appendSheetData(ctx, inputs, encodeRangeV1(rng), keyRow, inputMode, truthy(opts.Value("usePathForKeyRow"))); err != nil {
				return nil, err
			}
			return r.passThrough(), nil
		}
	case "clear":
		run = func(ctx context.Context) ([]data.Item, error) {
			enc := encodeRangeV1(rng)
			_, err := v.c.request(ctx, "POST", "/v4/spreadsheets/"+v.sh.id+"/values/"+enc+":clear",
				data.ObjectOf("spreadsheetId", v.sh.id, "range", enc), nil)
			if err != nil {
				return nil, err
			}
			return r.passThrough(), nil
		}
	case "delete":
		run = v.deleteDimensions
	case "lookup":
		run = func(ctx context.Context) ([]data.Item, error) { return v.lookup(ctx, rng, renderMode, opts) }
	case "read":
		run = func(ctx context.Context) ([]data.Item, error) { return v.read(ctx, rng, renderMode, opts) }
	case "update", "upsert":
		run = func(ctx context.Context) ([]data.Item, error) {
			return v.update(ctx, rng, inputMode, renderMode, op == "upsert")
		}
	default:
		return nil, nil
	}
	if err := clientErr(); err != nil {
		return v.failed(err)
	}
	v.sh.c = r.c
	out, err := run(ctx)
	if err != nil {
		return v.failed(err)
	}
	return out, nil
}

// failed is an operation's catch: one {error} item under continueOnFail.
func (v *v1) failed(err error) ([]data.Item, error) {
	if v.ex.ContinueOnFail() {
		return []data.Item{{JSON: data.ObjectOf("error", err.Error())}}, nil
	}
	return nil, err
}

// perItem runs a per-item operation (create, remove, spreadsheet create):
// a failing item gives {error} under continueOnFail and the loop goes on.
func (v *v1) perItem(clientErr func() error, one func(context.Context, int) (*data.Object, error)) ([]data.Item, error) {
	ctx := v.ex.Context()
	out := make([]data.Item, 0, len(v.items))
	for i := range v.items {
		var res *data.Object
		err := clientErr()
		if err == nil {
			if v.sh != nil {
				v.sh.c = v.c
			}
			res, err = one(ctx, i)
		}
		if err != nil {
			if v.ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error())})
				continue
			}
			return nil, withItem(err, i)
		}
		out = append(out, data.Item{JSON: res})
	}
	return out, nil
}

func withItem(err error, i int) error {
	if ne, ok := err.(*engine.NodeError); ok && ne.ItemIndex < 0 {
		ne.ItemIndex = i
	}
	return err
}

func optString(o *data.Object, k, def string) string {
	v := o.Value(k)
	if !truthy(v) {
		return def
	}
	return jsString(v)
}

// intParam is parseInt(getNodeParameter(name), 10).
func (v *v1) intParam(name string, i int) (int, error) {
	p, err := v.ex.Param(name, i)
	if err != nil {
		return 0, err
	}
	n, ok := parseIntOK(p)
	if !ok {
		// NaN: every comparison with it is false; -1 is never a valid
		// row, which makes the structure functions give up as n8n does.
		return -1 << 30, nil
	}
	return n, nil
}

var leadingIntRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[+-]?\d+`)
})

// parseIntOK is parseInt(String(v), 10); ok false for NaN.
func parseIntOK(v any) (int, bool) {
	s := strings.TrimSpace(jsString(v))
	m := leadingIntRe().FindString(s)
	if m == "" {
		return 0, false
	}
	n, err := strconv.Atoi(m)
	return n, err == nil
}

func (v *v1) inputJSON() []*data.Object {
	out := make([]*data.Object, len(v.items))
	for i, it := range v.items {
		out[i] = it.JSON
		if out[i] == nil {
			out[i] = data.NewObject(0)
		}
	}
	return out
}

// encodeRangeV1 is the old helper's encodeRange: only a sheet name before
// "!" is URI-encoded; a bare range is sent as written.
func encodeRangeV1(r string) string {
	if strings.Contains(r, "!") {
		parts := strings.Split(r, "!")
		return encodeURIComponent(parts[0]) + "!" + parts[1]
	}
	return r
}

// getData is values.get with only valueRenderOption; nil when the answer
// has no values.
func (v *v1) getData(ctx context.Context, rng, render string) ([]any, bool, error) {
	resp, err := v.c.request(ctx, "GET", "/v4/spreadsheets/"+v.sh.id+"/values/"+rng, nil, query{{"valueRenderOption", render}})
	if err != nil {
		return nil, false, err
	}
	o, _ := resp.(*data.Object)
	rows, ok := o.Value("values").([]any)
	return rows, ok, nil
}

// appendSheetData reads the key row of the range and appends one row per
// input, each cell String(value) of the key's property ("" when missing).
func (v *v1) appendSheetData(ctx context.Context, inputs []*data.Object, rng string, keyRow int, inputMode string, usePath bool) error {
	sheetPart, cells, hasSheet := strings.Cut(rng, "!")
	if !hasSheet {
		cells = sheetPart
	} else if i := strings.IndexByte(cells, '!'); i >= 0 {
		cells = cells[:i]
	}
	parts := strings.Split(cells, ":")
	start, end := parts[0], "undefined"
	if len(parts) > 1 {
		end = parts[1]
	}
	row := strconv.Itoa(keyRow + 1)
	get := start + row + ":" + end + row
	if hasSheet {
		get = sheetPart + "!" + get
	}
	keyData, ok, err := v.getData(ctx, get, "UNFORMATTED_VALUE")
	if err != nil {
		return err
	}
	if !ok {
		return engine.OperationError(-1, "Could not retrieve the column data!")
	}
	var keys []any
	if len(keyData) > 0 {
		keys = row1(keyData[0])
	}
	rows := make([]any, 0, len(inputs))
	for _, in := range inputs {
		cellsOut := make([]any, 0, len(keys))
		for _, k := range keys {
			var val any
			has := false
			if usePath {
				val, has = lodashGet(in, k)
			} else {
				val, has = in.Get(jsString(k))
			}
			if has && val != nil && !data.IsUndefined(val) {
				cellsOut = append(cellsOut, jsString(val))
			} else {
				cellsOut = append(cellsOut, "")
			}
		}
		rows = append(rows, cellsOut)
	}
	dec, ok := decodeURIComponent(rng)
	if !ok {
		return engine.OperationError(-1, "URI malformed")
	}
	_, err = v.c.request(ctx, "POST", "/v4/spreadsheets/"+v.sh.id+"/values/"+rng+":append",
		data.ObjectOf("range", dec, "values", rows), query{{"valueInputOption", inputMode}})
	return err
}

func row1(v any) []any { r, _ := v.([]any); return r }

// lodashGet is lodash's get(item, key) for a key-row cell: a number is a
// plain property, a string a dotted/bracketed path.
func lodashGet(o *data.Object, k any) (any, bool) {
	if s, ok := k.(string); ok {
		if val, ok := o.Get(s); ok {
			return val, true
		}
		var cur any = o
		for _, seg := range pathSegments(s) {
			switch c := cur.(type) {
			case *data.Object:
				val, ok := c.Get(seg)
				if !ok {
					return nil, false
				}
				cur = val
			case []any:
				n, err := strconv.Atoi(seg)
				if err != nil || n < 0 || n >= len(c) {
					return nil, false
				}
				cur = c[n]
			default:
				return nil, false
			}
		}
		return cur, true
	}
	return o.Get(jsString(k))
}

// pathSegments splits "a.b[0].c" as lodash's stringToPath does for plain
// paths.
func pathSegments(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		out = append(out, b.String())
		b.Reset()
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.':
			flush()
		case '[':
			if b.Len() > 0 {
				flush()
			}
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				b.WriteString(s[i:])
				i = len(s)
				continue
			}
			seg := strings.Trim(s[i+1:i+j], `"'`)
			out = append(out, seg)
			i += j
			if i+1 < len(s) && s[i+1] == '.' {
				i++
			}
		default:
			b.WriteByte(s[i])
		}
	}
	if b.Len() > 0 || len(out) == 0 {
		flush()
	}
	return out
}

// decodeURIComponent is JavaScript's (false for malformed escapes).
func decodeURIComponent(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", false
		}
		n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", false
		}
		b.WriteByte(byte(n))
		i += 2
	}
	return b.String(), true
}
