package googlesheets

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// resource is the Spreadsheet resource as spreadsheets.get answers it,
// keys in Google's order.
func (sp *Spreadsheet) resource() *data.Object {
	sheets := make([]any, 0, len(sp.Sheets))
	for _, sh := range sp.Sheets {
		sheets = append(sheets, data.ObjectOf("properties", sh.properties()))
	}
	return data.ObjectOf(
		"spreadsheetId", sp.SpreadsheetID,
		"properties", data.ObjectOf("title", sp.Title, "locale", sp.Locale, "autoRecalc", sp.AutoRecalc, "timeZone", sp.TimeZone),
		"sheets", sheets,
		"spreadsheetUrl", "https://docs.google.com/spreadsheets/d/"+sp.SpreadsheetID+"/edit",
	)
}

func (sh *Sheet) properties() *data.Object {
	p := data.ObjectOf("sheetId", float64(sh.SheetID), "title", sh.Title, "index", float64(sh.Index), "sheetType", "GRID",
		"gridProperties", data.ObjectOf("rowCount", float64(sh.RowCount), "columnCount", float64(sh.ColumnCount)))
	if sh.Hidden {
		p.Set("hidden", true)
	}
	if sh.TabColor != nil {
		p.Set("tabColor", data.Normalize(sh.TabColor))
		p.Set("tabColorStyle", data.ObjectOf("rgbColor", data.Normalize(sh.TabColor)))
	}
	if sh.RightToLeft {
		p.Set("rightToLeft", true)
	}
	return p
}

// filterFields applies a `fields` mask ("sheets.properties",
// "sheets(properties(title,sheetId))", "spreadsheetId,properties.title").
func filterFields(v any, mask string) any {
	if strings.TrimSpace(mask) == "" || mask == "*" {
		return v
	}
	return apply(v, parseMask(mask))
}

// maskNode is a field mask tree: nil children keep the whole value.
type maskNode map[string]maskNode

func parseMask(s string) maskNode {
	root := maskNode{}
	var parse func(s string, into maskNode)
	parse = func(s string, into maskNode) {
		for _, part := range splitTop(s) {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			if i := strings.Index(part, "("); i >= 0 && strings.HasSuffix(part, ")") {
				path := strings.Split(part[:i], ".")
				n := into
				for _, p := range path {
					if n[p] == nil {
						n[p] = maskNode{}
					}
					n = n[p]
				}
				parse(part[i+1:len(part)-1], n)
				continue
			}
			path := strings.Split(part, ".")
			n := into
			for k, p := range path {
				if k == len(path)-1 {
					n[p] = nil
					break
				}
				if _, ok := n[p]; !ok || n[p] == nil {
					if _, had := n[p]; had {
						break // already whole
					}
					n[p] = maskNode{}
				}
				n = n[p]
			}
		}
	}
	parse(s, root)
	return root
}

func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

func apply(v any, m maskNode) any {
	switch x := v.(type) {
	case *data.Object:
		out := data.NewObject(len(m))
		for k, val := range x.All() {
			sub, ok := m[k]
			if !ok {
				continue
			}
			if sub == nil {
				out.Set(k, val)
			} else {
				out.Set(k, apply(val, sub))
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = apply(e, m)
		}
		return out
	}
	return v
}

// intOf reads an int32 field the API accepts as a number or a numeric
// string (n8n sends sheet ids as strings).
func intOf(v any) (int, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return int(f), err == nil
	case float64:
		return int(x), true
	case string:
		n, err := strconv.Atoi(x)
		return n, err == nil
	}
	return 0, false
}

func (s *Server) create(body map[string]any) (int, any, *apiError) {
	props, _ := body["properties"].(map[string]any)
	sp := &Spreadsheet{SpreadsheetID: s.newSpreadsheetID()}
	if props != nil {
		sp.Title, _ = props["title"].(string)
		sp.Locale, _ = props["locale"].(string)
		sp.AutoRecalc, _ = props["autoRecalc"].(string)
		sp.TimeZone, _ = props["timeZone"].(string)
	}
	if sp.Title == "" {
		sp.Title = "Untitled spreadsheet"
	}
	list, _ := body["sheets"].([]any)
	for _, e := range list {
		m, _ := e.(map[string]any)
		p, _ := m["properties"].(map[string]any)
		sh, aerr := s.newSheet(sp, p, "Invalid sheets")
		if aerr != nil {
			return 0, nil, aerr
		}
		sp.Sheets = append(sp.Sheets, sh)
	}
	if len(sp.Sheets) == 0 {
		sp.Sheets = []*Sheet{{SheetID: 0, Title: "Sheet1"}}
	}
	s.st.Spreadsheets = append(s.st.Spreadsheets, sp)
	s.normalize()
	return 200, sp.resource(), nil
}

// newSheet builds a sheet from AddSheetRequest-style properties.
func (s *Server) newSheet(sp *Spreadsheet, p map[string]any, where string) (*Sheet, *apiError) {
	sh := &Sheet{}
	if p != nil {
		sh.Title, _ = p["title"].(string)
		sh.Hidden, _ = p["hidden"].(bool)
		sh.RightToLeft, _ = p["rightToLeft"].(bool)
		if tc, ok := p["tabColor"].(map[string]any); ok {
			sh.TabColor = numbers(tc)
		}
		if id, ok := intOf(p["sheetId"]); ok && id != 0 {
			if sp.sheetByID(id) != nil {
				return nil, badRequest("%s: Sheet with id %d already exists.", where, id)
			}
			sh.SheetID = id
		}
		if gp, ok := p["gridProperties"].(map[string]any); ok {
			sh.RowCount, _ = intOf(gp["rowCount"])
			sh.ColumnCount, _ = intOf(gp["columnCount"])
		}
	}
	if sh.SheetID == 0 && len(sp.Sheets) > 0 || sh.SheetID == 0 && where != "Invalid sheets" {
		sh.SheetID = s.newSheetID()
	}
	if sh.Title == "" {
		sh.Title = "Sheet" + strconv.Itoa(len(sp.Sheets)+1)
	}
	for _, o := range sp.Sheets {
		if strings.EqualFold(o.Title, sh.Title) {
			return nil, badRequest("%s: A sheet with the name \"%s\" already exists. Please enter another name.", where, sh.Title)
		}
	}
	return sh, nil
}

// numbers turns json.Numbers into float64 for the dump.
func numbers(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if n, ok := v.(json.Number); ok {
			f, _ := n.Float64()
			out[k] = f
			continue
		}
		out[k] = v
	}
	return out
}

func (s *Server) batchUpdate(sp *Spreadsheet, body map[string]any) (int, any, *apiError) {
	reqs, _ := body["requests"].([]any)
	if len(reqs) == 0 {
		return 0, nil, badRequest("Must specify at least one request.")
	}
	// Work on a copy so a failing request leaves nothing half done, as
	// the API applies a batch atomically.
	snapshot, _ := json.Marshal(sp)
	replies := make([]any, 0, len(reqs))
	for i, r := range reqs {
		m, _ := r.(map[string]any)
		reply, aerr := s.oneRequest(sp, i, m)
		if aerr != nil {
			var back Spreadsheet
			json.Unmarshal(snapshot, &back)
			*sp = back
			return 0, nil, aerr
		}
		replies = append(replies, reply)
	}
	for i, sh := range sp.Sheets {
		sh.Index = i
	}
	return 200, data.ObjectOf("spreadsheetId", sp.SpreadsheetID, "replies", replies), nil
}

func (s *Server) oneRequest(sp *Spreadsheet, i int, m map[string]any) (any, *apiError) {
	where := func(kind string) string { return "Invalid requests[" + strconv.Itoa(i) + "]." + kind }
	switch {
	case m["addSheet"] != nil:
		a, _ := m["addSheet"].(map[string]any)
		p, _ := a["properties"].(map[string]any)
		sh, aerr := s.newSheet(sp, p, where("addSheet"))
		if aerr != nil {
			return nil, aerr
		}
		if sh.RowCount == 0 {
			sh.RowCount = 1000
		}
		if sh.ColumnCount == 0 {
			sh.ColumnCount = 26
		}
		idx := len(sp.Sheets)
		if n, ok := intOf(p["index"]); ok && n >= 0 && n < idx {
			idx = n
		}
		sp.Sheets = append(sp.Sheets[:idx], append([]*Sheet{sh}, sp.Sheets[idx:]...)...)
		for k, o := range sp.Sheets {
			o.Index = k
		}
		sh.trim()
		return data.ObjectOf("addSheet", data.ObjectOf("properties", sh.properties())), nil
	case m["deleteSheet"] != nil:
		d, _ := m["deleteSheet"].(map[string]any)
		id, _ := intOf(d["sheetId"])
		sh := sp.sheetByID(id)
		if sh == nil {
			return nil, badRequest("%s: No sheet with id: %d", where("deleteSheet"), id)
		}
		if len(sp.Sheets) == 1 {
			return nil, badRequest("%s: You can't remove all the sheets in a document.", where("deleteSheet"))
		}
		for k, o := range sp.Sheets {
			if o == sh {
				sp.Sheets = append(sp.Sheets[:k], sp.Sheets[k+1:]...)
				break
			}
		}
		return data.NewObject(0), nil
	case m["deleteDimension"] != nil:
		d, _ := m["deleteDimension"].(map[string]any)
		rg, _ := d["range"].(map[string]any)
		id, _ := intOf(rg["sheetId"])
		sh := sp.sheetByID(id)
		if sh == nil {
			return nil, badRequest("%s: No grid with id: %d", where("deleteDimension"), id)
		}
		start, _ := intOf(rg["startIndex"])
		end, hasEnd := intOf(rg["endIndex"])
		dim, _ := rg["dimension"].(string)
		limit := sh.RowCount
		if dim == "COLUMNS" {
			limit = sh.ColumnCount
		} else if dim != "ROWS" {
			return nil, badRequest("%s: range.dimension must be ROWS or COLUMNS", where("deleteDimension"))
		}
		if !hasEnd {
			end = limit
		}
		if start < 0 || end > limit || start >= end {
			return nil, badRequest("%s: Invalid dimensionRange", where("deleteDimension"))
		}
		if dim == "ROWS" {
			if end-start >= sh.RowCount {
				return nil, badRequest("%s: You can't delete all the rows on the sheet.", where("deleteDimension"))
			}
			if start < len(sh.Values) {
				sh.Values = append(sh.Values[:start], sh.Values[min(end, len(sh.Values)):]...)
			}
			sh.RowCount -= end - start
		} else {
			if end-start >= sh.ColumnCount {
				return nil, badRequest("%s: You can't delete all the columns on the sheet.", where("deleteDimension"))
			}
			for r, row := range sh.Values {
				if start < len(row) {
					sh.Values[r] = append(row[:start], row[min(end, len(row)):]...)
				}
			}
			sh.ColumnCount -= end - start
		}
		sh.trim()
		return data.NewObject(0), nil
	case m["appendDimension"] != nil, m["insertDimension"] != nil:
		kind := "appendDimension"
		d, _ := m["appendDimension"].(map[string]any)
		var rg map[string]any
		if d == nil {
			kind = "insertDimension"
			d, _ = m["insertDimension"].(map[string]any)
			rg, _ = d["range"].(map[string]any)
		} else {
			rg = d
		}
		id, _ := intOf(rg["sheetId"])
		sh := sp.sheetByID(id)
		if sh == nil {
			return nil, badRequest("%s: No grid with id: %d", where(kind), id)
		}
		dim, _ := rg["dimension"].(string)
		n, _ := intOf(d["length"])
		start := -1
		if kind == "insertDimension" {
			start, _ = intOf(rg["startIndex"])
			end, _ := intOf(rg["endIndex"])
			n = end - start
		}
		if n <= 0 {
			return nil, badRequest("%s: length must be positive", where(kind))
		}
		switch dim {
		case "ROWS":
			if start >= 0 && start < len(sh.Values) {
				blank := make([][]any, n)
				for k := range blank {
					blank[k] = []any{}
				}
				sh.Values = append(sh.Values[:start], append(blank, sh.Values[start:]...)...)
			}
			sh.RowCount += n
		case "COLUMNS":
			if start >= 0 {
				for r, row := range sh.Values {
					if start < len(row) {
						sh.Values[r] = append(row[:start], append(make([]any, n), row[start:]...)...)
					}
				}
			}
			sh.ColumnCount += n
		default:
			return nil, badRequest("%s: dimension must be ROWS or COLUMNS", where(kind))
		}
		sh.trim()
		return data.NewObject(0), nil
	}
	for k := range m {
		return nil, badRequest("Invalid JSON payload received. Unknown name %q at 'requests[%d]': Cannot find field.", k, i)
	}
	return nil, badRequest("Invalid requests[%d]: No request set.", i)
}
