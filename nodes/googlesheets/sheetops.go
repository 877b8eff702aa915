package googlesheets

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// clear is the clear operation, per item.
func (r *run) clear(ctx context.Context, sh *sheet, sheetName string) ([]data.Item, error) {
	for i := range r.items {
		kind, err := r.str("clear", i, "wholeSheet")
		if err != nil {
			return nil, err
		}
		keepV, err := r.ex.ParamOr("keepFirstRow", i, false)
		if err != nil {
			return nil, err
		}
		rng := ""
		switch kind {
		case "specificRows":
			start, err := r.num("startIndex", i, 1)
			if err != nil {
				return nil, err
			}
			n, err := r.num("rowsToDelete", i, 1)
			if err != nil {
				return nil, err
			}
			end := start
			if n != 1 {
				end = start + n - 1
			}
			rng = fmt.Sprintf("%s!%s:%s", sheetName, jsString(start), jsString(end))
		case "specificColumns":
			startCol, err := r.str("startIndex", i, "A")
			if err != nil {
				return nil, err
			}
			n, err := r.num("columnsToDelete", i, 1)
			if err != nil {
				return nil, err
			}
			colNum := float64(columnNumber(startCol))
			end := colNum
			if n != 1 {
				end = colNum + n - 1
			}
			rng = fmt.Sprintf("%s!%s:%s", sheetName, startCol, columnName(int(end)))
		case "specificRange":
			field, err := r.str("range", i, "A:F")
			if err != nil {
				return nil, err
			}
			region := field
			if j := indexByte(field, '!'); j >= 0 {
				region = splitBang(field)
			}
			rng = sheetName + "!" + region
		case "wholeSheet":
			rng = sheetName
		}
		if truthy(keepV) {
			first, err := sh.getData(ctx, rng+"!1:1", "FORMATTED_VALUE", "")
			if err != nil {
				return nil, err
			}
			if err := sh.clearData(ctx, rng); err != nil {
				return nil, err
			}
			if _, err := sh.updateRows(ctx, rng, first, "RAW", 1, 0, false); err != nil {
				return nil, err
			}
			continue
		}
		if err := sh.clearData(ctx, rng); err != nil {
			return nil, err
		}
	}
	return r.passThrough(), nil
}

func indexByte(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}

// splitBang is rangeField.split('!')[1] || ”.
func splitBang(s string) string {
	j := indexByte(s, '!')
	rest := s[j+1:]
	if k := indexByte(rest, '!'); k >= 0 {
		rest = rest[:k]
	}
	return rest
}

// passThrough returns the input items unchanged (n8n returns them as
// they came).
func (r *run) passThrough() []data.Item {
	out := make([]data.Item, len(r.items))
	copy(out, r.items)
	return out
}

func (r *run) num(path string, i int, def float64) (float64, error) {
	v, err := r.ex.ParamOr(path, i, def)
	if err != nil {
		return 0, err
	}
	switch x := v.(type) {
	case float64:
		return x, nil
	case string:
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return 0, engine.OperationError(i, "The parameter \"%s\" must be a number", path)
		}
		return f, nil
	}
	return def, nil
}

// columnNumber is getColumnNumber (A = 1, AA = 27), on the letters as
// given.
func columnNumber(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*26 + int(s[i]) - 'A' + 1
	}
	return n
}

// columnName is getColumnName (1 = A).
func columnName(n int) string {
	var b []byte
	for {
		n--
		b = append([]byte{byte('A' + (n%26+26)%26)}, b...)
		n /= 26
		if n <= 0 {
			break
		}
	}
	return string(b)
}

// deleteDimension is the delete operation (rows or columns), per item.
func (r *run) deleteDimension(ctx context.Context, sh *sheet, sheetID string) ([]data.Item, error) {
	for i := range r.items {
		what, err := r.str("toDelete", i, "rows")
		if err != nil {
			return nil, err
		}
		var requests []any
		n, err := r.num("numberToDelete", i, 1)
		if err != nil {
			return nil, err
		}
		var start float64
		dim := "ROWS"
		if what == "rows" {
			if start, err = r.num("startIndex", i, 2); err != nil {
				return nil, err
			}
			start--
		} else if what == "columns" {
			col, err := r.str("startIndex", i, "A")
			if err != nil {
				return nil, err
			}
			start = float64(columnNumber(col) - 1)
			dim = "COLUMNS"
		}
		if what == "rows" || what == "columns" {
			end := start + n
			if n == 1 {
				end = start + 1
			}
			requests = append(requests, data.ObjectOf("deleteDimension", data.ObjectOf("range",
				data.ObjectOf("sheetId", sheetID, "dimension", dim, "startIndex", start, "endIndex", end))))
		}
		if _, err := sh.spreadsheetBatchUpdate(ctx, requests); err != nil {
			return nil, err
		}
	}
	paired := make([]data.PairedItem, len(r.items))
	for i := range paired {
		paired[i] = data.PairedItem{Item: i}
	}
	return []data.Item{{JSON: data.ObjectOf("success", true), Paired: data.Many(paired...)}}, nil
}

// removeSheet is the remove operation (delete a sheet), per item.
func (r *run) removeSheet(ctx context.Context, spreadsheetID, sheetID string) ([]data.Item, error) {
	sh := &sheet{id: spreadsheetID, c: r.c}
	var out []data.Item
	for i := range r.items {
		resp, err := sh.spreadsheetBatchUpdate(ctx, []any{data.ObjectOf("deleteSheet", data.ObjectOf("sheetId", sheetID))})
		if err != nil {
			return nil, err
		}
		o := obj(resp)
		if o == nil {
			o = data.NewObject(0)
		}
		o.Delete("replies")
		out = append(out, data.Item{JSON: o, Paired: data.One(i)})
	}
	return out, nil
}

var hexColorRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^#?([a-f\d]{2})([a-f\d]{2})([a-f\d]{2})$`)
})
var shortHexRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^#?([a-f\d])([a-f\d])([a-f\d])$`)
})

// createSheet is the create operation (add a sheet), per item; titles
// that exist are skipped.
func (r *run) createSheet(ctx context.Context, sh *sheet) ([]data.Item, error) {
	props, err := sh.sheetsProperties(ctx)
	if err != nil {
		return nil, err
	}
	existing := map[string]bool{}
	for _, p := range props {
		existing[jsString(p.Value("title"))] = true
	}
	var out []data.Item
	for i := range r.items {
		titleV, err := r.ex.ParamOr("title", i, "n8n-sheet")
		if err != nil {
			return nil, err
		}
		title := jsString(titleV)
		if existing[title] {
			continue
		}
		optV, err := r.ex.ParamOr("options", i, data.NewObject(0))
		if err != nil {
			return nil, err
		}
		properties := obj(optV).Clone()
		if properties == nil {
			properties = data.NewObject(1)
		}
		properties.Set("title", titleV)
		if tc := properties.Value("tabColor"); truthy(tc) {
			hex := shortHexRe().ReplaceAllString(jsString(tc), "$1$1$2$2$3$3")
			m := hexColorRe().FindStringSubmatch(hex)
			if m == nil {
				return nil, engine.OperationError(i, "Cannot destructure property 'red' of '(0 , GoogleSheets_utils_1.hexToRgb)(...)' as it is null.")
			}
			c := func(h string) float64 { n, _ := strconv.ParseInt(h, 16, 64); return float64(n) / 255 }
			properties.Set("tabColor", data.ObjectOf("red", c(m[1]), "green", c(m[2]), "blue", c(m[3])))
		}
		resp, err := sh.spreadsheetBatchUpdate(ctx, []any{data.ObjectOf("addSheet", data.ObjectOf("properties", properties))})
		if err != nil {
			return nil, err
		}
		o := obj(resp)
		if o == nil {
			o = data.NewObject(0)
		}
		replies, _ := o.Value("replies").([]any)
		if len(replies) > 0 {
			if p := obj(obj(obj(replies[0]).Value("addSheet")).Value("properties")); p != nil {
				for k, v := range p.All() {
					o.Set(k, v)
				}
			}
		}
		o.Delete("replies")
		existing[title] = true
		out = append(out, data.Item{JSON: o, Paired: data.One(i)})
	}
	return out, nil
}

// createSpreadsheet is the spreadsheet resource's create, per item.
func (r *run) createSpreadsheet(ctx context.Context) ([]data.Item, error) {
	sh := &sheet{c: r.c}
	var out []data.Item
	for i := range r.items {
		title, err := r.ex.ParamOr("title", i, "")
		if err != nil {
			return nil, err
		}
		sheetsUI, err := r.ex.ParamOr("sheetsUi", i, data.NewObject(0))
		if err != nil {
			return nil, err
		}
		optV, err := r.ex.ParamOr("options", i, data.NewObject(0))
		if err != nil {
			return nil, err
		}
		options := obj(optV)
		props := data.ObjectOf("title", title)
		sheets := []any{}
		if su := obj(sheetsUI); su.Len() > 0 {
			list, _ := su.Value("sheetValues").([]any)
			for _, p := range list {
				// n8n fills each entry's defaults, in the description's
				// order (title, hidden).
				src := obj(p)
				props := data.ObjectOf("title", "", "hidden", false)
				for k, v := range src.All() {
					props.Set(k, v)
				}
				sheets = append(sheets, data.ObjectOf("properties", props))
			}
		}
		if v := options.Value("autoRecalc"); truthy(v) {
			props.Set("autoRecalc", v)
		}
		if v := options.Value("locale"); truthy(v) {
			props.Set("locale", v)
		}
		resp, err := sh.c.request(ctx, "POST", "/v4/spreadsheets", data.ObjectOf("properties", props, "sheets", sheets), nil)
		if err != nil {
			return nil, err
		}
		o := obj(resp)
		if o == nil {
			o = data.NewObject(0)
		}
		out = append(out, data.Item{JSON: o, Paired: data.One(i)})
	}
	return out, nil
}

// driveFileURLRe is GOOGLE_DRIVE_FILE_URL_REGEX, the documentId
// locator's extractValue in url mode.
var driveFileURLRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`https://(?:drive|docs)\.google\.com(?:/.*|)/d/([0-9a-zA-Z\-_]+)(?:/.*|)`)
})

// deleteSpreadsheet is the spreadsheet resource's deleteSpreadsheet, per
// item: the file deleted through the Drive API, {success: true} out.
func (r *run) deleteSpreadsheet(ctx context.Context) ([]data.Item, error) {
	var out []data.Item
	for i := range r.items {
		v, err := r.ex.Param("documentId", i)
		if err != nil {
			return nil, err
		}
		id := v
		if rl, ok := v.(*data.Object); ok {
			id = rl.Value("value")
			if jsString(rl.Value("mode")) == "url" {
				m := driveFileURLRe().FindStringSubmatch(jsString(id))
				if m == nil {
					return nil, engine.OperationError(i, "ERROR: Document parameter's value is invalid. This is likely because the URL entered is incorrect")
				}
				id = m[1]
			}
		}
		if _, err := r.c.requestURI(ctx, "DELETE", "https://www.googleapis.com/drive/v3/files/"+jsUndef(id), nil, nil); err != nil {
			return nil, err
		}
		out = append(out, data.Item{JSON: data.ObjectOf("success", true), Paired: data.One(i)})
	}
	return out, nil
}
