package datetime

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/nodes/internal/filter"
)

// Date & Time v1 is moment-based: "format" renders moment tokens,
// "calculate" adds or subtracts and writes toISOString(). moment's local
// zone is taken as UTC (n8n's process zone in its Docker image).

func defaultsV1() map[string]any {
	return map[string]any{"action": "format", "value": "", "dataPropertyName": "data", "custom": false,
		"operation": "add", "duration": 0.0, "timeUnit": "days", "options": map[string]any{}}
}

func executeV1(ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	action, err := ex.ParamString("action", 0)
	if err != nil {
		return nil, err
	}
	out := make([]data.Item, 0, len(items))
	for i, in := range items {
		it, skip, err := runV1(ex, action, i, in)
		if err != nil {
			if ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error()), Paired: data.One(i)})
				continue
			}
			return nil, engine.AsNodeError(err)
		}
		if !skip {
			out = append(out, it)
		}
	}
	return [][]data.Item{out}, nil
}

func runV1(ex *engine.Exec, action string, i int, in data.Item) (data.Item, bool, error) {
	str := func(path, def string) (string, error) {
		v, err := ex.ParamOr(path, i, def)
		if err != nil {
			return "", err
		}
		if v == nil || data.IsUndefined(v) {
			return "", nil
		}
		return jsvalue.ToString(v), nil
	}
	prop, err := str("dataPropertyName", "data")
	if err != nil {
		return data.Item{}, false, err
	}
	value, err := ex.Param("value", i)
	if err != nil {
		return data.Item{}, false, err
	}
	opts, _ := ex.ParamOr("options", i, nil)
	o, _ := opts.(*data.Object)
	optStr := func(k string) string {
		v, ok := o.Get(k)
		if !ok || v == nil || data.IsUndefined(v) {
			return ""
		}
		return jsvalue.ToString(v)
	}
	fromFormat := optStr("fromFormat")
	var result string
	switch action {
	case "format":
		f, err := str("toFormat", "")
		if err != nil {
			return data.Item{}, false, err
		}
		if _, set := ex.Params().Get("toFormat"); !set {
			if c, _ := ex.ParamOr("custom", i, false); !jsvalue.Truthy(c) {
				f = "MM/DD/YYYY"
			}
		}
		if value == nil || data.IsUndefined(value) {
			return data.Item{}, true, nil
		}
		t, err := momentInput(ex, value, fromFormat, optStr("fromTimezone"), optStr("toTimezone"), i)
		if err != nil {
			return data.Item{}, false, err
		}
		result = momentFormat(t, f)
	case "calculate":
		var t time.Time
		if fromFormat != "" {
			var ok bool
			t, ok = expression.LuxonFromFormat(jsvalue.ToString(value), luxonFormat(fromFormat), time.UTC)
			if !ok {
				return data.Item{}, false, engine.OperationError(-1, `Date input cannot be parsed. Please recheck the value and the "From Format" field.`)
			}
		} else {
			var ok bool
			t, ok = jsDate(value)
			if !ok {
				return data.Item{}, false, engine.OperationError(-1, `Unrecognized date input. Please specify a format in the "From Format" field.`)
			}
		}
		op, err := str("operation", "add")
		if err != nil {
			return data.Item{}, false, err
		}
		unit, err := str("timeUnit", "days")
		if err != nil {
			return data.Item{}, false, err
		}
		dv, err := ex.ParamOr("duration", i, 0.0)
		if err != nil {
			return data.Item{}, false, err
		}
		d := filter.ToNumber(dv)
		if op != "add" {
			d = -d
		}
		t = expression.LuxonPlus(t.UTC(), unit, d)
		result = t.UTC().Format("2006-01-02T15:04:05.000Z")
	default:
		return data.Item{}, true, nil
	}
	it := data.Item{JSON: in.JSON.Clone(), Binary: in.Binary, Paired: data.One(i)}
	if it.JSON == nil {
		it.JSON = data.NewObject(1)
	}
	// lodash set(item, ['json', prop]): the name is one key, dots included.
	it.JSON.Set(prop, result)
	return it, false, nil
}

// jsDate is new Date(value): numbers as epoch milliseconds, strings parsed.
func jsDate(v any) (time.Time, bool) {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return time.Time{}, false
		}
		return time.UnixMilli(int64(x)).UTC(), true
	case string:
		t, ok := filter.ParseDate(x, time.UTC)
		return t, ok
	case interface{ Time() time.Time }:
		return x.Time(), true
	}
	return time.Time{}, false
}

// momentInput reads the format action's value as moment does: numbers
// (and numeric strings) as epoch seconds below 12 digits, else
// milliseconds; strings in fromTimezone (or the workflow zone) when a
// zone option is set; then the target zone.
func momentInput(ex *engine.Exec, v any, fromFormat, fromTZ, toTZ string, i int) (time.Time, error) {
	if d, ok := v.(interface{ Time() time.Time }); ok {
		v = d.Time().Format("2006-01-02T15:04:05.000-07:00")
	}
	wf := ex.Location()
	zone := func(name string) (*time.Location, error) {
		if name == "" {
			return wf, nil
		}
		loc, ok := expression.LuxonZone(name)
		if !ok {
			return nil, engine.OperationError(i, "Unknown time zone %q", name)
		}
		return loc, nil
	}
	var t time.Time
	n := filter.ToNumber(v)
	if !math.IsNaN(n) {
		if n != math.Trunc(n) {
			n *= 1000
		}
	}
	s := jsvalue.ToString(v)
	switch {
	case !math.IsNaN(n) && n == math.Trunc(n):
		if len(strconv.FormatFloat(n, 'f', -1, 64)) < 12 {
			t = time.Unix(int64(n), 0).UTC()
		} else {
			t = time.UnixMilli(int64(n)).UTC()
		}
	default:
		loc := time.UTC
		if fromTZ != "" || toTZ != "" {
			l, err := zone(fromTZ)
			if err != nil {
				return t, err
			}
			loc = l
		}
		var ok bool
		if fromFormat != "" {
			t, ok = expression.LuxonFromFormat(s, luxonFormat(fromFormat), loc)
		} else {
			t, ok = filter.ParseDate(s, loc)
		}
		if !ok {
			if fromFormat == "" {
				return t, engine.OperationError(i, `The date input format could not be recognized. Please set the "From Format" field`)
			}
			return t, engine.OperationError(i, "Invalid date")
		}
		t = t.In(loc)
	}
	if fromTZ != "" || toTZ != "" {
		loc, err := zone(toTZ)
		if err != nil {
			return t, err
		}
		t = t.In(loc)
	}
	return t, nil
}

// luxonFormat translates the moment tokens of a fromFormat into Luxon's.
func luxonFormat(f string) string {
	r := strings.NewReplacer("YYYY", "yyyy", "YY", "yy", "DD", "dd", "D", "d", "A", "a", "X", "X", "x", "x")
	return r.Replace(f)
}
