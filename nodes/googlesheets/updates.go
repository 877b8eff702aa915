package googlesheets

import (
	"context"
	"strings"
	"unicode/utf16"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// Row Updated and Row Added or Updated: a poll finds the spreadsheet's
// latest Drive revision; when it is newer than the one seen at the last
// poll, the sheet as the Sheets API gives it now is compared, row by row,
// with the xlsx export of that earlier revision.

// xlsxMimeType is the export format of revisions.
const xlsxMimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// driveFiles is where n8n lists a spreadsheet's revisions.
const driveFiles = "https://www.googleapis.com/drive/v3/files/"

// maxRevisionPages bounds the revisions list's paging.
const maxRevisionPages = 1000

// newRevision lists the revisions (every page) and reports whether the
// last is newer than prev; a scheduled poll then remembers it and its
// xlsx export link.
func (r *run) newRevision(ctx context.Context, docID string, prev any, st *data.Object, manual bool) (bool, error) {
	token := ""
	for page := 0; page < maxRevisionPages; page++ {
		q := query{{"fields", "revisions(id, exportLinks), nextPageToken"}}
		if token != "" {
			q = append(q, [2]string{"pageToken", token})
		}
		q = append(q, [2]string{"pageSize", "1000"})
		resp, err := r.c.requestURI(ctx, "GET", driveFiles+docID+"/revisions", nil, q)
		if err != nil {
			return false, err
		}
		o := obj(resp)
		if next := o.Value("nextPageToken"); truthy(next) {
			token = jsString(next)
			continue
		}
		revs, _ := o.Value("revisions").([]any)
		if len(revs) == 0 {
			return false, engine.OperationError(-1, "Cannot read properties of undefined (reading 'id')")
		}
		last := obj(revs[len(revs)-1])
		n := revisionNumber(last.Value("id"))
		if p, ok := prev.(float64); ok && n <= p {
			return false, nil
		}
		if !manual {
			st.Set("lastRevision", n)
			link := any(data.Undefined)
			if links := obj(last.Value("exportLinks")); links != nil && links.Has(xlsxMimeType) {
				link = links.Value(xlsxMimeType)
			}
			st.Set("lastRevisionLink", link)
		}
		return true, nil
	}
	return false, engine.OperationError(-1, "The revisions list has more than %d pages", maxRevisionPages)
}

// revisionNumber is JavaScript's unary + on a revision id.
func revisionNumber(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		if f, ok := jsNumber(x); ok {
			return f
		}
	case nil:
		return 0
	}
	return nan()
}

func nan() float64 { var z float64; return z / z }

type updateArgs struct {
	event, sheetName string
	loc              location
	options          *data.Object
	prevRev          any
	prevLink         any
	manual           bool
}

// updates is the comparison of the sheet with the previous revision's
// export (or, on the first poll, the manual run's rows).
func (r *run) updates(ctx context.Context, sh *sheet, a updateArgs) ([]data.Item, error) {
	if len(utf16.Encode([]rune(a.sheetName))) > 31 {
		return nil, engine.OperationError(-1, "Sheet name is too long choose a name with 31 characters or less")
	}
	loc := a.loc
	dataStart := loc.startIndex - 1
	if loc.definition != "specifyRangeA1" && loc.keyRow < loc.startIndex {
		dataStart = loc.startIndex - 2
	}
	current, err := sh.getData(ctx, a.sheetName+"!"+loc.rng, "UNFORMATTED_VALUE", "SERIAL_NUMBER")
	if err != nil {
		return nil, err
	}
	prev, known := a.prevRev, true
	if prev == nil || data.IsUndefined(prev) {
		known = false
	}
	if !known {
		if len(current) == 0 {
			// n8n returns [[]]: an execution with no items.
			return []data.Item{}, nil
		}
		k := loc.keyRow - 1
		if k < 0 || k >= len(current) {
			return nil, engine.OperationError(-1, "Cannot read properties of undefined (reading 'length')")
		}
		columns := row(current[k])
		rest := append(append([]any{}, current[:k]...), current[k+1:]...)
		if loc.definition != "specifyRangeA1" {
			rest = jsSlice(rest, dataStart)
		}
		out := arrayOfArraysToJSON(rest, columns)
		if len(out) > 0 && a.manual {
			return objectsToItems(out), nil
		}
		return nil, nil
	}
	link := jsString(a.prevLink)
	sep := "?"
	if strings.Contains(link, "?") {
		sep = "&"
	}
	raw, err := r.c.send(ctx, "GET", link+sep+"mimeType="+encodeURIComponent(xlsxMimeType), nil)
	if err != nil {
		return nil, err
	}
	rng := ""
	if loc.definition == "specifyRangeA1" {
		rng = loc.rng
	}
	previous, err := revisionRows(raw, a.sheetName, rng)
	if err != nil {
		return nil, err
	}
	include := "new"
	if v, err := r.ex.ParamOr("includeInOutput", 0, "new"); err != nil {
		return nil, err
	} else if s, ok := v.(string); ok {
		include = s
	}
	var watch []any
	if w := a.options.Value("columnsToWatch"); truthy(w) {
		watch, _ = w.([]any)
	}
	out := compareRevisions(previous, current, loc.keyRow, include, watch, dataStart, a.event)
	if len(out) == 0 {
		return nil, nil
	}
	return objectsToItems(out), nil
}

func objectsToItems(objs []*data.Object) []data.Item {
	out := make([]data.Item, len(objs))
	for i, o := range objs {
		out[i] = data.Item{JSON: o}
	}
	return out
}

// jsSlice is Array.prototype.slice(i).
func jsSlice(a []any, i int) []any {
	if i < 0 {
		i = max(len(a)+i, 0)
	}
	if i >= len(a) {
		return []any{}
	}
	return a[i:]
}

// arrayOfArraysToJSON keys each row's cells by the columns, a falsy cell
// (or one past the row's end) as "".
func arrayOfArraysToJSON(rows []any, columns []any) []*data.Object {
	out := make([]*data.Object, 0, len(rows))
	for _, rv := range rows {
		rw := row(rv)
		o := data.NewObject(len(columns))
		for i, c := range columns {
			v, _ := cell(rw, i)
			if !truthy(v) {
				v = ""
			}
			o.Set(jsString(c), v)
		}
		out = append(out, o)
	}
	return out
}

// diff is one changed row.
type diff struct {
	rowIndex          int
	previous, current []any
	changeType        string
}

// rowAt is rows[i], or nil (undefined) outside the array.
func rowAt(rows []any, i int) ([]any, bool) {
	if i < 0 || i >= len(rows) {
		return nil, false
	}
	r, ok := rows[i].([]any)
	return r, ok
}

// compareRevisions is n8n's: the rows from dataStart on that differ
// (in the watched columns only when some are given), as the current
// cells, the previous ones or both with their differences.
func compareRevisions(previous, current []any, keyRow int, include string, watch []any, dataStart int, event string) []*data.Object {
	n := max(len(current), len(previous))
	colRow := keyRow - 1
	inCur, curOK := rowAt(current, colRow)
	inPrev, prevOK := rowAt(previous, colRow)
	columns := []any{"row_number"}
	if event == "anyUpdate" {
		columns = append(columns, "change_type")
	}
	switch {
	case curOK && prevOK:
		if len(inCur) > len(inPrev) {
			columns = append(columns, inCur...)
		} else {
			columns = append(columns, inPrev...)
		}
	case curOK:
		columns = append(columns, inCur...)
	case prevOK:
		columns = append(columns, inPrev...)
	}
	var diffs []diff
	for i := dataStart; i < n; i++ {
		if i == colRow {
			continue
		}
		cur, cOK := rowAt(current, i)
		prev, pOK := rowAt(previous, i)
		if cOK && pOK {
			for len(cur) < len(prev) {
				cur = append(cur, "")
			}
		}
		if len(watch) > 0 {
			if jsEqual(watchedCells(cur, cOK, watch, columns), watchedCells(prev, pOK, watch, columns)) {
				continue
			}
		} else if cOK == pOK && (!cOK || jsEqual(cur, prev)) {
			continue
		}
		if event == "rowUpdate" && (!pOK || allEmpty(prev)) {
			continue
		}
		change := "updated"
		if !pOK {
			prev = make([]any, len(cur))
			for j := range prev {
				prev[j] = ""
			}
			change = "added"
		}
		if !cOK {
			continue
		}
		diffs = append(diffs, diff{rowIndex: i + 1, previous: prev, current: cur, changeType: change})
	}
	version := func(current bool) []*data.Object {
		rows := make([]any, len(diffs))
		for k, d := range diffs {
			entry := d.previous
			if current {
				entry = d.current
			}
			r := []any{float64(d.rowIndex)}
			if event == "anyUpdate" {
				r = append(r, d.changeType)
			}
			rows[k] = append(r, entry...)
		}
		return arrayOfArraysToJSON(rows, columns)
	}
	switch include {
	case "old":
		return version(false)
	case "both":
		prevs, curs := version(false), version(true)
		out := make([]*data.Object, len(curs))
		for k, c := range curs {
			d := data.NewObject(c.Len())
			d.Set("row_number", c.Value("row_number"))
			for key, cv := range c.All() {
				if key == "row_number" {
					continue
				}
				pv := prevs[k].Value(key)
				if jsEqual(pv, cv) {
					continue
				}
				d.Set(key, data.ObjectOf("previous", pv, "current", cv))
			}
			out[k] = data.ObjectOf("previous", prevs[k], "current", c, "differences", d)
		}
		return out
	}
	return version(true)
}

// watchedCells is getSpecificColumns: the cells of the watched columns,
// found at their index among the output columns less one (n8n's offset,
// which counts row_number but not change_type).
func watchedCells(r []any, ok bool, watch, columns []any) []any {
	if !ok {
		return []any{}
	}
	out := make([]any, len(watch))
	for k, w := range watch {
		idx := -1
		for j, c := range columns {
			if strictEqual(c, w) {
				idx = j
				break
			}
		}
		v, found := cell(r, idx-1)
		if !found {
			v = data.Undefined
		}
		out[k] = v
	}
	return out
}

func allEmpty(r []any) bool {
	for _, c := range r {
		if c != "" {
			return false
		}
	}
	return true
}

// jsEqual is lodash isEqual on cells and rows of cells.
func jsEqual(a, b any) bool {
	if x, ok := a.([]any); ok {
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	if x, ok := a.(float64); ok {
		y, ok := b.(float64)
		return ok && (x == y || x != x && y != y)
	}
	if data.IsUndefined(a) || data.IsUndefined(b) {
		return data.IsUndefined(a) && data.IsUndefined(b)
	}
	return strictEqual(a, b)
}
