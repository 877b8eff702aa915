package googlesheets

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// rowNumber is the column n8n adds to rows it reads (ROW_NUMBER).
const rowNumber = "row_number"

// sheet is n8n's GoogleSheet helper: one spreadsheet's API calls.
type sheet struct {
	id string
	c  *client
}

// encodeRange is n8n's: the sheet part of "Sheet!A1:B2" URI-encoded, a
// bare title quoted first so it is not read as a range.
func encodeRange(r string) string {
	if strings.Contains(r, "!") {
		parts := strings.Split(r, "!")
		return encodeURIComponent(parts[0]) + "!" + parts[1]
	}
	return encodeURIComponent("'" + r + "'")
}

// getData is values.get; nil when the answer has no values.
func (s *sheet) getData(ctx context.Context, rng, render, dateTime string) ([]any, error) {
	if dateTime == "" {
		dateTime = "FORMATTED_STRING"
	}
	resp, err := s.c.request(ctx, "GET", "/v4/spreadsheets/"+s.id+"/values/"+encodeRange(rng), nil,
		query{{"valueRenderOption", render}, {"dateTimeRenderOption", dateTime}})
	if err != nil {
		return nil, err
	}
	o, _ := resp.(*data.Object)
	rows, _ := o.Value("values").([]any)
	return rows, nil
}

// sheetsProperties is spreadsheets.get with fields=sheets.properties.
func (s *sheet) sheetsProperties(ctx context.Context) ([]*data.Object, error) {
	resp, err := s.c.request(ctx, "GET", "/v4/spreadsheets/"+s.id, nil, query{{"fields", "sheets.properties"}})
	if err != nil {
		return nil, err
	}
	o, _ := resp.(*data.Object)
	list, _ := o.Value("sheets").([]any)
	out := make([]*data.Object, 0, len(list))
	for _, e := range list {
		if m, ok := e.(*data.Object); ok {
			p, _ := m.Value("properties").(*data.Object)
			out = append(out, p)
		}
	}
	return out, nil
}

// getSheet is spreadsheetGetSheet: the sheet by title (mode "name") or
// by id ("gid=0" or a number).
func (s *sheet) getSheet(ctx context.Context, mode string, value any) (*data.Object, error) {
	props, err := s.sheetsProperties(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range props {
		if p == nil {
			continue
		}
		if mode == "name" {
			if t, ok := p.Value("title").(string); ok && t == jsString(value) {
				return p, nil
			}
			continue
		}
		if id, ok := sheetID(value); ok {
			if n, isNum := p.Value("sheetId").(float64); isNum && n == id {
				return p, nil
			}
		}
	}
	kind := "ID"
	if mode == "name" {
		kind = "name"
	}
	return nil, engine.OperationError(-1, "Sheet with %s %s not found", kind, jsString(value))
}

var leadingInt = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*[+-]?\d+`)
})

// sheetID is getSheetId: "gid=0" is 0, anything else parseInt.
func sheetID(v any) (float64, bool) {
	s := jsString(v)
	if s == "gid=0" {
		return 0, true
	}
	m := leadingInt().FindString(s)
	if m == "" {
		return 0, false
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(m), 64)
	return n, err == nil
}

// updateRows is n8n's updateRows: PUT (or POST :append) of rows at
// "<sheet>!row:row+n-1".
func (s *sheet) updateRows(ctx context.Context, sheetName string, rows []any, inputMode string, row int, n int, useAppend bool) (any, error) {
	name := strings.Split(sheetName, "!")[0]
	end := row
	if n > 0 {
		end = row + n - 1
	}
	rng := fmt.Sprintf("%s!%d:%d", name, row, end)
	body := data.ObjectOf("range", rng)
	if rows != nil {
		body.Set("values", rows)
	}
	q := query{{"valueInputOption", inputMode}}
	if useAppend {
		return s.c.request(ctx, "POST", "/v4/spreadsheets/"+s.id+"/values/"+encodeRange(rng)+":append", body, q)
	}
	return s.c.request(ctx, "PUT", "/v4/spreadsheets/"+s.id+"/values/"+encodeRange(rng), body, q)
}

// batchUpdate is values:batchUpdate.
func (s *sheet) batchUpdate(ctx context.Context, updates []any, inputMode string) error {
	_, err := s.c.request(ctx, "POST", "/v4/spreadsheets/"+s.id+"/values:batchUpdate",
		data.ObjectOf("data", updates, "valueInputOption", inputMode), nil)
	return err
}

// spreadsheetBatchUpdate is spreadsheets:batchUpdate.
func (s *sheet) spreadsheetBatchUpdate(ctx context.Context, requests []any) (any, error) {
	return s.c.request(ctx, "POST", "/v4/spreadsheets/"+s.id+":batchUpdate", data.ObjectOf("requests", requests), nil)
}

// appendEmptyRows is appendEmptyRowsOrColumns(sheetId, 1, 0).
func (s *sheet) appendEmptyRows(ctx context.Context, sheetID string) error {
	_, err := s.spreadsheetBatchUpdate(ctx, []any{data.ObjectOf("appendDimension",
		data.ObjectOf("sheetId", sheetID, "dimension", "ROWS", "length", 1.0))})
	return err
}

// clearData is values:clear.
func (s *sheet) clearData(ctx context.Context, rng string) error {
	_, err := s.c.request(ctx, "POST", "/v4/spreadsheets/"+s.id+"/values/"+encodeRange(rng)+":clear",
		data.ObjectOf("spreadsheetId", s.id, "range", rng), nil)
	return err
}

// toSheetRows is convertObjectArrayToSheetDataArray with the header row
// known: each object's values in header order, objects as JSON text.
func toSheetRows(inputs []*data.Object, columns []any, emptyValue any) ([]any, error) {
	out := make([]any, 0, len(inputs))
	for _, item := range inputs {
		row := make([]any, 0, len(columns))
		for _, k := range columns {
			v, ok := item.Get(jsString(k))
			if !ok || v == nil || data.IsUndefined(v) {
				row = append(row, emptyValue)
				continue
			}
			switch v.(type) {
			case *data.Object, []any:
				b, err := data.MarshalValue(v)
				if err != nil {
					return nil, err
				}
				row = append(row, string(b))
			default:
				row = append(row, v)
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// appendSheetData is n8n's appendSheetData: the header row is read
// (UNFORMATTED) unless given, rows are written at lastRow (or after the
// data when lastRow is 0).
func (s *sheet) appendSheetData(ctx context.Context, inputs []*data.Object, rng string, keyRow int, inputMode string, columns []any, lastRow int, useAppend bool) error {
	if columns == nil {
		name := strings.Split(rng, "!")[0]
		hdr, err := s.getData(ctx, fmt.Sprintf("%s!%d:%d", name, keyRow, keyRow), "UNFORMATTED_VALUE", "")
		if err != nil {
			return err
		}
		if hdr == nil {
			return engine.OperationError(-1, "Could not retrieve the column data")
		}
		columns, _ = hdr[0].([]any)
	}
	var empty any = ""
	if useAppend {
		empty = nil
	}
	rows, err := toSheetRows(inputs, columns, empty)
	if err != nil {
		return err
	}
	if lastRow == 0 {
		all, err := s.getData(ctx, rng, "UNFORMATTED_VALUE", "")
		if err != nil {
			return err
		}
		lastRow = len(all) + 1
	}
	_, err = s.updateRows(ctx, rng, rows, inputMode, lastRow, len(rows), useAppend)
	return err
}
