package googlesheets

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// read is the old read: the range's rows as objects keyed by the key row
// (or the raw rows under dataProperty).
func (v *v1) read(ctx context.Context, rng, render string, opts *data.Object) ([]data.Item, error) {
	raw, err := v.ex.ParamOr("rawData", 0, false)
	if err != nil {
		return nil, err
	}
	rows, ok, err := v.getData(ctx, encodeRangeV1(rng), render)
	if err != nil {
		return nil, err
	}
	var out []*data.Object
	switch {
	case !ok:
	case truthy(raw):
		prop, err := v.str("dataProperty", 0, "data")
		if err != nil {
			return nil, err
		}
		out = []*data.Object{data.ObjectOf(prop, rows)}
	default:
		dataStart, err := v.intParam("dataStartRow", 0)
		if err != nil {
			return nil, err
		}
		keyRow, err := v.intParam("keyRow", 0)
		if err != nil {
			return nil, err
		}
		if keyRow >= 0 && dataStart >= keyRow && keyRow < len(rows) {
			out = toObjects(rows, dataStart, row1(rows[keyRow]), false)
		}
	}
	if len(out) == 0 && truthy(opts.Value("continue")) {
		out = []*data.Object{data.NewObject(0)}
	}
	items := make([]data.Item, len(out))
	for i, o := range out {
		items[i] = data.Item{JSON: o}
	}
	return items, nil
}

// strictEqual is JavaScript's === on cell and parameter values.
func strictEqual(a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	}
	return false
}

func indexStrict(list []any, v any) int {
	for i, e := range list {
		if strictEqual(e, v) {
			return i
		}
	}
	return -1
}

// lookup is the old lookup: for each input item the first row (or every
// row) whose lookupColumn cell equals lookupValue as text.
func (v *v1) lookup(ctx context.Context, rng, render string, opts *data.Object) ([]data.Item, error) {
	rows, ok, err := v.getData(ctx, encodeRangeV1(rng), render)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, nil
	}
	dataStart, err := v.intParam("dataStartRow", 0)
	if err != nil {
		return nil, err
	}
	keyRow, err := v.intParam("keyRow", 0)
	if err != nil {
		return nil, err
	}
	type lv struct{ column, value any }
	lookups := make([]lv, len(v.items))
	for i := range v.items {
		c, err := v.ex.ParamOr("lookupColumn", i, "")
		if err != nil {
			return nil, err
		}
		val, err := v.ex.ParamOr("lookupValue", i, "")
		if err != nil {
			return nil, err
		}
		lookups[i] = lv{c, val}
	}
	if keyRow < 0 || dataStart < keyRow || keyRow >= len(rows) {
		return nil, engine.OperationError(-1, "The key row does not exist!")
	}
	keys := append([]any(nil), row1(rows[keyRow])...)
	// Rows shorter than the key row are padded with "" (n8n's
	// standardisation), so missing cells compare as "".
	padded := make([][]any, len(rows))
	for r := range rows {
		cells := append([]any(nil), row1(rows[r])...)
		for len(cells) < len(keys) {
			cells = append(cells, "")
		}
		padded[r] = cells
	}
	all := truthy(opts.Value("returnAllMatches"))
	found := []any{keys}
lookups:
	for _, l := range lookups {
		col := indexStrict(keys, l.column)
		if col < 0 {
			return nil, engine.OperationError(-1, "The column \"%s\" could not be found!", jsString(l.column))
		}
		want := jsString(l.value)
		for r := max(dataStart, 0); r < len(padded); r++ {
			c, ok := cell(padded[r], col)
			if ok && c != nil && jsString(c) == want {
				found = append(found, padded[r])
				if !all {
					continue lookups
				}
			}
		}
		if !all {
			found = append(found, []any{})
		}
	}
	out := toObjects(found, 1, keys, true)
	cont := truthy(opts.Value("continue"))
	if len(out) == 0 && cont && all {
		out = []*data.Object{data.NewObject(0)}
	} else if len(out) == 1 && out[0].Len() == 0 && !cont && !all {
		out = nil
	}
	paired := make([]data.PairedItem, len(v.items))
	for i := range paired {
		paired[i] = data.PairedItem{Item: i}
	}
	items := make([]data.Item, len(out))
	for i, o := range out {
		items[i] = data.Item{JSON: o, Paired: data.Many(paired...)}
	}
	return items, nil
}

var rangePartRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`([a-zA-Z]{1,10})([0-9]{0,10})`)
})

// update is the old update and upsert: by the key column's value (or the
// raw rows of dataProperty written to the range).
func (v *v1) update(ctx context.Context, rng, inputMode, render string, upsert bool) ([]data.Item, error) {
	raw, err := v.ex.ParamOr("rawData", 0, false)
	if err != nil {
		return nil, err
	}
	if truthy(raw) {
		prop, err := v.str("dataProperty", 0, "data")
		if err != nil {
			return nil, err
		}
		updates := make([]any, len(v.items))
		for i, it := range v.items {
			d := data.ObjectOf("range", rng)
			if val, ok := it.JSON.Get(prop); ok {
				d.Set("values", val)
			}
			updates[i] = d
		}
		if err := v.sh.batchUpdate(ctx, updates, inputMode); err != nil {
			return nil, err
		}
		return v.passThrough(), nil
	}
	keyName, err := v.str("key", 0, "id")
	if err != nil {
		return nil, err
	}
	keyRow, err := v.intParam("keyRow", 0)
	if err != nil {
		return nil, err
	}
	dataStart, err := v.intParam("dataStartRow", 0)
	if err != nil {
		return nil, err
	}
	if err := v.updateSheetData(ctx, v.inputJSON(), keyName, rng, keyRow, dataStart, inputMode, render, upsert); err != nil {
		return nil, err
	}
	return v.passThrough(), nil
}

func (v *v1) updateSheetData(ctx context.Context, inputs []*data.Object, indexKey, rng string, keyRow, dataStart int, inputMode, render string, upsert bool) error {
	sheetName, full, hasSheet := strings.Cut(rng, "!")
	if !hasSheet {
		full = sheetName
	} else if i := strings.IndexByte(full, '!'); i >= 0 {
		full = full[:i]
	}
	prefix := ""
	if hasSheet && sheetName != "" {
		prefix = sheetName + "!"
	}
	startPart, endPart, hasEnd := strings.Cut(full, ":")
	if !hasEnd {
		return engine.OperationError(-1, "Cannot read properties of undefined (reading 'match')")
	}
	if i := strings.IndexByte(endPart, ':'); i >= 0 {
		endPart = endPart[:i]
	}
	ms, me := rangePartRe().FindStringSubmatch(startPart), rangePartRe().FindStringSubmatch(endPart)
	if ms == nil || me == nil {
		return engine.OperationError(-1, "The range \"%s\" is not valid.", rng)
	}
	keyRowN := strconv.Itoa(keyRow + 1)
	keyRows, ok, err := v.getData(ctx, encodeRangeV1(prefix+ms[1]+keyRowN+":"+me[1]+keyRowN), render)
	if err != nil {
		return err
	}
	if !ok {
		return engine.OperationError(-1, "Could not retrieve the key row!")
	}
	var order []any
	if len(keyRows) > 0 {
		order = row1(keyRows[0])
	}
	keyIndex := indexStrict(order, indexKey)
	if keyIndex < 0 {
		return engine.OperationError(-1, "Could not find column for key \"%s\"!", indexKey)
	}
	startRow := ms[2]
	if startRow == "" {
		startRow = strconv.Itoa(dataStart)
	}
	startCol := columnNumber(ms[1]) - 1
	colAt := func(offset int) (string, error) {
		n := startCol + offset
		if n < 0 {
			return "", engine.OperationError(-1, "invalid column %d", n)
		}
		return columnName(n + 1), nil
	}
	keyCol, err := colAt(keyIndex)
	if err != nil {
		return err
	}
	keyColumn, ok, err := v.getData(ctx, encodeRangeV1(prefix+keyCol+startRow+":"+keyCol+me[2]), render)
	if err != nil {
		return err
	}
	if !ok {
		return engine.OperationError(-1, "Could not retrieve the key column!")
	}
	if len(keyColumn) > 0 {
		keyColumn = keyColumn[1:]
	}
	lookupKeys := make([]any, len(keyColumn))
	for i, r := range keyColumn {
		if c, ok := cell(row1(r), 0); ok {
			lookupKeys[i] = c
		} else {
			lookupKeys[i] = data.Undefined
		}
	}
	updates := []any{}
	for _, in := range inputs {
		itemKey, has := in.Get(indexKey)
		idx := -1
		if has && itemKey != nil && !data.IsUndefined(itemKey) {
			idx = indexStrict(lookupKeys, itemKey)
		}
		if idx < 0 {
			if upsert {
				if err := v.appendSheetData(ctx, []*data.Object{in}, encodeRangeV1(rng), keyRow, inputMode, false); err != nil {
					return err
				}
			}
			continue
		}
		rowN := strconv.Itoa(idx + dataStart + 1)
		for _, name := range order {
			if strictEqual(name, indexKey) {
				continue
			}
			val, ok := in.Get(jsString(name))
			if !ok || val == nil || data.IsUndefined(val) {
				continue
			}
			col, err := colAt(indexStrict(order, name))
			if err != nil {
				return err
			}
			updates = append(updates, data.ObjectOf("range", prefix+col+rowN, "values", []any{[]any{val}}))
		}
	}
	return v.sh.batchUpdate(ctx, updates, inputMode)
}

// deleteDimensions is the old delete: the columns, then the rows, listed
// in toDelete, in one batchUpdate.
func (v *v1) deleteDimensions(ctx context.Context) ([]data.Item, error) {
	td, err := v.ex.ParamOr("toDelete", 0, data.NewObject(0))
	if err != nil {
		return nil, err
	}
	toDelete := obj(td)
	requests := []any{}
	for _, kind := range [][2]string{{"columns", "COLUMNS"}, {"rows", "ROWS"}} {
		list, ok := toDelete.Value(kind[0]).([]any)
		if !ok {
			continue
		}
		for _, e := range list {
			entry := obj(e)
			sheetID := valueOr(entry, "sheetId", "")
			start := valueOr(entry, "startIndex", 0.0)
			amount := valueOr(entry, "amount", 1.0)
			var end any
			s, ok1 := parseIntOK(start)
			a, ok2 := parseIntOK(amount)
			if ok1 && ok2 {
				end = float64(s + a)
			}
			requests = append(requests, data.ObjectOf("deleteDimension", data.ObjectOf("range", data.ObjectOf(
				"sheetId", sheetID, "dimension", kind[1], "startIndex", start, "endIndex", end))))
		}
	}
	if _, err := v.sh.spreadsheetBatchUpdate(ctx, requests); err != nil {
		return nil, err
	}
	return v.passThrough(), nil
}

// valueOr is a fixedCollection entry's field with n8n's filled default.
func valueOr(o *data.Object, k string, def any) any {
	if val, ok := o.Get(k); ok && !data.IsUndefined(val) {
		return val
	}
	return def
}

// createSheet is the old create (add a sheet to sheetId), for item i;
// simple merges the new sheet's properties into the answer.
func (v *v1) createSheet(ctx context.Context, i int) (*data.Object, error) {
	id, err := v.str("sheetId", i, "")
	if err != nil {
		return nil, err
	}
	optV, err := v.ex.ParamOr("options", i, data.NewObject(0))
	if err != nil {
		return nil, err
	}
	simple, err := v.ex.ParamOr("simple", 0, true)
	if err != nil {
		return nil, err
	}
	props := obj(optV).Clone()
	if props == nil {
		props = data.NewObject(0)
	}
	if tc := props.Value("tabColor"); truthy(tc) {
		hex := shortHexRe().ReplaceAllString(jsString(tc), "$1$1$2$2$3$3")
		m := hexColorRe().FindStringSubmatch(hex)
		if m == nil {
			return nil, engine.OperationError(i, "Cannot destructure property 'red' of '(0 , GenericFunctions_1.hexToRgb)(...)' as it is null.")
		}
		c := func(h string) float64 { n, _ := strconv.ParseInt(h, 16, 64); return float64(n) / 255 }
		props.Set("tabColor", data.ObjectOf("red", c(m[1]), "green", c(m[2]), "blue", c(m[3])))
	}
	resp, err := v.c.request(ctx, "POST", "/v4/spreadsheets/"+id+":batchUpdate",
		data.ObjectOf("requests", []any{data.ObjectOf("addSheet", data.ObjectOf("properties", props))}), nil)
	if err != nil {
		return nil, err
	}
	o := obj(resp)
	if o == nil {
		o = data.NewObject(0)
	}
	if truthy(simple) {
		replies, _ := o.Value("replies").([]any)
		if len(replies) == 0 {
			return nil, engine.OperationError(i, "Cannot read properties of undefined (reading 'addSheet')")
		}
		if p := obj(obj(obj(replies[0]).Value("addSheet")).Value("properties")); p != nil {
			for k, val := range p.All() {
				o.Set(k, val)
			}
		}
		o.Delete("replies")
	}
	return o, nil
}

// removeSheet is the old remove (delete sheet id from sheetId), for item i.
func (v *v1) removeSheet(ctx context.Context, i int) (*data.Object, error) {
	id, err := v.ex.ParamOr("id", i, "")
	if err != nil {
		return nil, err
	}
	spreadsheet, err := v.str("sheetId", i, "")
	if err != nil {
		return nil, err
	}
	resp, err := v.c.request(ctx, "POST", "/v4/spreadsheets/"+spreadsheet+":batchUpdate",
		data.ObjectOf("requests", []any{data.ObjectOf("deleteSheet", data.ObjectOf("sheetId", id))}), nil)
	if err != nil {
		return nil, err
	}
	o := obj(resp)
	if o == nil {
		o = data.NewObject(0)
	}
	o.Delete("replies")
	return o, nil
}

// createSpreadsheet is the old spreadsheet create, for item i.
func (v *v1) createSpreadsheet(ctx context.Context, i int) (*data.Object, error) {
	title, err := v.ex.ParamOr("title", i, "")
	if err != nil {
		return nil, err
	}
	sheetsUI, err := v.ex.ParamOr("sheetsUi", i, data.NewObject(0))
	if err != nil {
		return nil, err
	}
	optV, err := v.ex.ParamOr("options", i, data.NewObject(0))
	if err != nil {
		return nil, err
	}
	options := obj(optV)
	props := data.ObjectOf("title", title)
	sheets := []any{}
	if su := obj(sheetsUI); su.Len() > 0 {
		list, _ := su.Value("sheetValues").([]any)
		sheets = []any{}
		for _, e := range list {
			p := valueOr(obj(e), "propertiesUi", data.NewObject(0))
			if truthy(p) {
				sheets = append(sheets, data.ObjectOf("properties", p))
			}
		}
	}
	if val := options.Value("autoRecalc"); truthy(val) {
		props.Set("autoRecalc", val)
	}
	if val := options.Value("locale"); truthy(val) {
		props.Set("locale", val)
	}
	resp, err := v.c.request(ctx, "POST", "/v4/spreadsheets", data.ObjectOf("properties", props, "sheets", sheets), nil)
	if err != nil {
		return nil, err
	}
	o := obj(resp)
	if o == nil {
		o = data.NewObject(0)
	}
	return o, nil
}
