// Package datetime is n8n's Date & Time node, typeVersion 2: current date,
// add to / subtract from a date, format, round, time between dates and
// extract a part, on Luxon semantics (engine/expression's Luxon). Dates
// are written as Luxon's toString() (ISO with the zone's offset). Version 1
// (moment-based: format with moment tokens, calculate) is in v1.go.
package datetime

import (
	"context"
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

// Type is the n8n type name.
const Type = "n8n-nodes-base.dateTime"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1, 2},
		Defaults: func(v float64) map[string]any {
			if v < 2 {
				return defaultsV1()
			}
			return map[string]any{"operation": "getCurrentDate", "options": map[string]any{}}
		},
	}
}

// zoned is a Luxon DateTime: the instant in its zone, and whether the zone
// is Luxon's universal UTC ("UTC"/"utc", written "Z"), not an IANA zone.
type zoned struct {
	t         time.Time
	universal bool
}

// String is Luxon's toString(): toISO().
func (z zoned) String() string {
	t := z.t
	s := t.Format("2006-01-02T15:04:05.000")
	if z.universal {
		return s + "Z"
	}
	return s + t.Format("-07:00")
}

// setZone is DateTime.setZone(name).
func setZone(t time.Time, name string) (zoned, bool) {
	switch strings.ToLower(name) {
	case "utc", "gmt":
		return zoned{t: t.UTC(), universal: true}, true
	}
	loc, ok := expression.LuxonZone(name)
	if !ok {
		return zoned{}, false
	}
	return zoned{t: t.In(loc)}, true
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	if ex.Version() < 2 {
		return executeV1(ex)
	}
	items := ex.Input(0)
	op, err := ex.ParamString("operation", 0)
	if err != nil {
		return nil, err
	}
	wfZone := ex.Location().String()
	include, err := ex.ParamOr("options.includeInputFields", 0, false)
	if err != nil {
		return nil, err
	}
	out := make([]data.Item, 0, len(items))
	for i, in := range items {
		it := data.Item{JSON: data.NewObject(1), Paired: data.One(i)}
		if jsvalue.Truthy(include) {
			it.JSON, it.Binary = in.JSON.Clone(), in.Binary
			if it.JSON == nil {
				it.JSON = data.NewObject(1)
			}
		}
		if err := run(ex, op, i, wfZone, it.JSON); err != nil {
			if ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error())})
				continue
			}
			return nil, engine.OperationError(i, "%s", err.Error())
		}
		out = append(out, it)
	}
	return [][]data.Item{out}, nil
}

type opError string

func (e opError) Error() string { return string(e) }

func run(ex *engine.Exec, op string, i int, wfZone string, j *data.Object) error {
	str := func(path, def string) (string, error) {
		v, err := ex.ParamOr(path, i, def)
		if err != nil {
			return "", err
		}
		return jsvalue.ToString(v), nil
	}
	field := map[string]string{"getCurrentDate": "currentDate", "addToDate": "newDate", "subtractFromDate": "newDate",
		"formatDate": "formattedDate", "roundDate": "roundedDate", "getTimeBetweenDates": "timeDifference", "extractDate": "datePart"}[op]
	name, err := str("outputFieldName", field)
	if err != nil {
		return err
	}
	parse := func(path, tz string) (zoned, error) {
		v, err := ex.ParamOr(path, i, "")
		if err != nil {
			return zoned{}, err
		}
		return parseDate(v, tz, "")
	}
	switch op {
	case "getCurrentDate":
		incl, err := ex.ParamOr("includeTime", i, true)
		if err != nil {
			return err
		}
		zone := wfZone
		if tz, _ := str("options.timezone", ""); tz != "" {
			zone = tz
		}
		z, ok := setZone(ex.Now(), zone)
		if !ok {
			return opError("The timezone " + zone + " is not valid. Please check the timezone.")
		}
		if !jsvalue.Truthy(incl) {
			z.t = expression.LuxonStartOf(z.t, "day")
		}
		j.Set(name, z.String())
	case "addToDate", "subtractFromDate":
		z, err := parse("magnitude", wfZone)
		if err != nil {
			return err
		}
		unit, err := str("timeUnit", "days")
		if err != nil {
			return err
		}
		n, err := ex.ParamOr("duration", i, 0.0)
		if err != nil {
			return err
		}
		d := filter.ToNumber(n)
		if op == "subtractFromDate" {
			d = -d
		}
		z.t = expression.LuxonPlus(z.t, unit, d)
		j.Set(name, z.String())
	case "formatDate":
		v, err := ex.ParamOr("date", i, "")
		if err != nil {
			return err
		}
		if v == nil || data.IsUndefined(v) {
			j.Set(name, v)
			return nil
		}
		tz := ""
		if b, _ := ex.ParamOr("options.timezone", i, false); jsvalue.Truthy(b) {
			tz = wfZone
		}
		from, err := str("options.fromFormat", "")
		if err != nil {
			return err
		}
		z, err := parseDate(v, tz, from)
		if err != nil {
			return err
		}
		f, err := str("format", "MM/dd/yyyy")
		if err != nil {
			return err
		}
		if f == "custom" {
			if f, err = str("customFormat", ""); err != nil {
				return err
			}
		}
		j.Set(name, expression.LuxonFormat(z.t, f))
	case "roundDate":
		z, err := parse("date", wfZone)
		if err != nil {
			return err
		}
		mode, err := str("mode", "roundDown")
		if err != nil {
			return err
		}
		switch mode {
		case "roundDown":
			unit, err := str("toNearest", "month")
			if err != nil {
				return err
			}
			z.t = expression.LuxonStartOf(z.t, unit)
		case "roundUp":
			unit, err := str("to", "month")
			if err != nil {
				return err
			}
			z.t = expression.LuxonStartOf(expression.LuxonPlus(z.t, unit, 1), unit)
		}
		j.Set(name, z.String())
	case "getTimeBetweenDates":
		start, err := parse("startDate", wfZone)
		if err != nil {
			return err
		}
		end, err := parse("endDate", wfZone)
		if err != nil {
			return err
		}
		uv, err := ex.ParamOr("units", i, []any{"day"})
		if err != nil {
			return err
		}
		var units []string
		switch u := uv.(type) {
		case []any:
			for _, x := range u {
				units = append(units, jsvalue.ToString(x))
			}
		case string:
			units = []string{u}
		}
		obj, iso := expression.LuxonDiff(end.t, start.t, units)
		if b, _ := ex.ParamOr("options.isoString", i, false); jsvalue.Truthy(b) {
			j.Set(name, iso)
		} else {
			j.Set(name, obj)
		}
	case "extractDate":
		z, err := parse("date", wfZone)
		if err != nil {
			return err
		}
		part, err := str("part", "month")
		if err != nil {
			return err
		}
		j.Set(name, expression.LuxonGet(z.t, part))
	default:
		return opError("The operation \"" + op + "\" is not known")
	}
	return nil
}

// parseDate is the node's parseDate: DateTimes as they are; numbers (and
// numeric strings, unless fromFormat is set) as epoch seconds when they
// have fewer than 12 digits, else milliseconds (fractions are seconds);
// other strings through fromFormat or moment's ISO parse; then the zone:
// tz, else Etc/GMT-<h> for a "+hh" in the string, else Etc/UTC.
func parseDate(v any, tz, fromFormat string) (zoned, error) {
	if d, ok := v.(interface{ Time() time.Time }); ok {
		t := d.Time()
		return zoned{t: t, universal: t.Location() == time.UTC}, nil
	}
	invalid := opError("Invalid date format")
	var t time.Time
	num := filter.ToNumber(v)
	s, isStr := v.(string)
	switch {
	case !math.IsNaN(num) && fromFormat == "":
		if num != math.Trunc(num) {
			num *= 1000
		}
		if num != math.Trunc(num) || math.IsInf(num, 0) {
			return zoned{}, opError("date.includes is not a function")
		}
		if len(strconv.FormatFloat(num, 'f', -1, 64)) < 12 {
			t = time.Unix(int64(num), 0)
		} else {
			t = time.UnixMilli(int64(num))
		}
	case !isStr:
		return zoned{}, opError("date.includes is not a function")
	default:
		if tz == "" {
			if _, after, ok := strings.Cut(s, "+"); ok {
				h := after
				if len(h) > 2 {
					h = h[:2]
				}
				tz = "Etc/GMT-" + jsvalue.ToString(filter.ToNumber(h))
			}
		}
		var ok bool
		if fromFormat != "" {
			t, ok = expression.LuxonFromFormat(s, fromFormat, time.UTC)
		} else {
			t, ok = filter.ParseDate(s, time.UTC)
		}
		if !ok {
			return zoned{}, invalid
		}
	}
	if tz == "" {
		tz = "Etc/UTC"
	}
	z, ok := setZone(t, tz)
	if !ok {
		return zoned{}, invalid
	}
	return z, nil
}
