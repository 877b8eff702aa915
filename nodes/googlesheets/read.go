package googlesheets

import (
	"context"

	"github.com/n8n-go/n8n-go/engine/data"
)

// read is the read operation (readSheet per item; up to 4.1 once).
func (r *run) read(ctx context.Context, sh *sheet, sheetName string) ([]data.Item, error) {
	n := 1
	if r.version > 4.1 {
		n = len(r.items)
	}
	var out []data.Item
	for i := 0; i < n; i++ {
		var err error
		if out, err = r.readSheet(ctx, sh, sheetName, i, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (r *run) readSheet(ctx context.Context, sh *sheet, sheetName string, i int, out []data.Item) ([]data.Item, error) {
	optV, err := r.ex.ParamOr("options", i, data.NewObject(0))
	if err != nil {
		return nil, err
	}
	options := obj(optV)
	formatting := obj(obj(options.Value("outputFormatting")).Value("values"))
	loc := obj(obj(options.Value("dataLocationOnSheet")).Value("values"))
	if loc == nil {
		loc = data.NewObject(1)
	} else {
		loc = loc.Clone()
	}
	if data.IsUndefined(loc.Value("rangeDefinition")) || !loc.Has("rangeDefinition") {
		loc.Set("rangeDefinition", "detectAutomatically")
	}
	rng := sheetName
	if jsString(loc.Value("rangeDefinition")) == "specifyRangeA1" {
		if a1 := loc.Value("range"); truthy(a1) {
			rng = sheetName + "!" + jsString(a1)
		}
	}
	render := "UNFORMATTED_VALUE"
	if v := formatting.Value("general"); truthy(v) {
		render = jsString(v)
	}
	dateTime := "FORMATTED_STRING"
	if v := formatting.Value("date"); truthy(v) {
		dateTime = jsString(v)
	}
	values, err := sh.getData(ctx, rng, render, dateTime)
	if err != nil {
		return nil, err
	}
	if len(values) == 0 {
		// n8n returns a new empty list here: earlier items' rows are lost.
		return nil, nil
	}
	layout, err := prepareSheetData(values, loc)
	if err != nil {
		return nil, err
	}
	fv, err := r.ex.ParamOr("filtersUI.values", i, []any{})
	if err != nil {
		return nil, err
	}
	filters := filtersOf(fv)
	var objs []*data.Object
	if len(filters) > 0 {
		var all bool
		if r.version < 4.5 {
			all = jsString(options.Value("returnAllMatches")) == "returnAllMatches"
		} else {
			all = !truthy(options.Value("returnFirstMatch"))
		}
		if r.version <= 4.1 {
			for k := 1; k < len(r.items); k++ {
				more, err := r.ex.ParamOr("filtersUI.values", k, []any{})
				if err != nil {
					return nil, err
				}
				filters = append(filters, filtersOf(more)...)
			}
		}
		def := "AND"
		if r.version < 4.3 {
			def = "OR"
		}
		combine, err := r.str("combineFilters", i, def)
		if err != nil {
			return nil, err
		}
		if objs, err = lookup(layout.rows, layout.headerRow, layout.firstDataRow, filters, all, r.version, combine); err != nil {
			return nil, err
		}
	} else {
		objs = structureByColumn(layout.rows, layout.headerRow, layout.firstDataRow)
	}
	for _, o := range objs {
		out = append(out, data.Item{JSON: o, Paired: data.One(i)})
	}
	return out, nil
}

// filtersOf reads filtersUI.values; missing fields get their defaults ("").
func filtersOf(v any) []filter {
	list, _ := v.([]any)
	out := make([]filter, 0, len(list))
	for _, e := range list {
		o := obj(e)
		col, ok := o.Get("lookupColumn")
		if !ok {
			col = ""
		}
		val, ok := o.Get("lookupValue")
		if !ok {
			val = ""
		}
		out = append(out, filter{column: jsString(col), value: val})
	}
	return out
}
