package jsruntime

import (
	"math"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/n8n-go/n8n-go/engine/intl"
)

// installIntl gives scripts what goja lacks and n8n's Node has: Intl's
// NumberFormat and DateTimeFormat and the locale-aware toLocaleString
// family of Date and Number, all formatted by engine/intl (the same code
// the expression engine uses). goja's own versions ignore locales and
// options (and Number's throws for a locale argument).
func (r *Runtime) installIntl() {
	vm := r.vm
	_ = vm.Set("__n8nIntlDate", func(c goja.FunctionCall) goja.Value {
		ms := c.Argument(0).ToFloat()
		if math.IsNaN(ms) {
			return vm.ToValue("Invalid Date")
		}
		t := time.UnixMilli(int64(ms)).In(time.Local)
		o, zone := dateOptions(c.Argument(2))
		if zone != "" {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				panic(vm.NewTypeError("Invalid time zone specified: " + zone))
			}
			t = t.In(loc)
		}
		def := intl.DefaultAll
		switch c.Argument(3).String() {
		case "date":
			def = intl.DefaultDate
		case "time":
			def = intl.DefaultTime
		}
		return vm.ToValue(intl.FormatDate(t, intl.Resolve(localeTag(c.Argument(1))), o, def))
	})
	_ = vm.Set("__n8nIntlNumber", func(c goja.FunctionCall) goja.Value {
		o := numberOptions(c.Argument(2))
		return vm.ToValue(intl.FormatNumber(c.Argument(0).ToFloat(), intl.Resolve(localeTag(c.Argument(1))), o))
	})
	_, _ = vm.RunString(intlPrelude)
}

// localeTag is the first tag of a locales argument (a string or an array),
// en-US when there is none.
func localeTag(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return "en-US"
	}
	switch x := v.Export().(type) {
	case string:
		return x
	case []any:
		if len(x) > 0 {
			if s, ok := x[0].(string); ok {
				return s
			}
		}
	}
	return "en-US"
}

func optionMap(v goja.Value) map[string]any {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	m, _ := v.Export().(map[string]any)
	return m
}

func dateOptions(v goja.Value) (intl.DateOptions, string) {
	m := optionMap(v)
	s := func(k string) string {
		if x, ok := m[k].(string); ok {
			return x
		}
		return ""
	}
	o := intl.DateOptions{DateStyle: s("dateStyle"), TimeStyle: s("timeStyle"), Weekday: s("weekday"),
		Year: s("year"), Month: s("month"), Day: s("day"), Hour: s("hour"), Minute: s("minute"),
		Second: s("second"), TimeZoneName: s("timeZoneName"), HourCycle: s("hourCycle")}
	if b, ok := m["hour12"].(bool); ok {
		o.Hour12 = &b
	}
	if n, ok := number(m["fractionalSecondDigits"]); ok {
		o.FractionalSecondDigits = int(n)
	}
	return o, s("timeZone")
}

func numberOptions(v goja.Value) intl.NumberOptions {
	m := optionMap(v)
	o := intl.DefaultNumber()
	o.Style, _ = m["style"].(string)
	o.Currency, _ = m["currency"].(string)
	o.CurrencyDisplay, _ = m["currencyDisplay"].(string)
	if n, ok := number(m["minimumFractionDigits"]); ok {
		o.MinFrac = int(n)
	}
	if n, ok := number(m["maximumFractionDigits"]); ok {
		o.MaxFrac = int(n)
	}
	if n, ok := number(m["minimumIntegerDigits"]); ok {
		o.MinInt = int(n)
	}
	if b, ok := m["useGrouping"].(bool); ok && !b {
		o.NoGrouping = true
	}
	if o.Style == "currency" && o.Currency == "" {
		o.Style = ""
	}
	o.Currency = strings.ToUpper(o.Currency)
	return o
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// intlPrelude installs the JavaScript faces of __n8nIntlDate/Number.
const intlPrelude = `(function(g){
var D = __n8nIntlDate, N = __n8nIntlNumber;
delete g.__n8nIntlDate; delete g.__n8nIntlNumber;
var def = function(o, n, v){ Object.defineProperty(o, n, {value: v, writable: true, configurable: true, enumerable: false}); };
def(Date.prototype, 'toLocaleString', function(l, o){ return D(this.getTime(), l, o, 'all'); });
def(Date.prototype, 'toLocaleDateString', function(l, o){ return D(this.getTime(), l, o, 'date'); });
def(Date.prototype, 'toLocaleTimeString', function(l, o){ return D(this.getTime(), l, o, 'time'); });
def(Number.prototype, 'toLocaleString', function(l, o){ return N(Number(this), l, o); });
function NumberFormat(l, o){
  if (!(this instanceof NumberFormat)) return new NumberFormat(l, o);
  var loc = l, opt = o;
  def(this, 'format', function(n){ return N(Number(n), loc, opt); });
  def(this, 'resolvedOptions', function(){ return Object.assign({locale: typeof loc === 'string' ? loc : 'en-US'}, opt || {}); });
}
function DateTimeFormat(l, o){
  if (!(this instanceof DateTimeFormat)) return new DateTimeFormat(l, o);
  var loc = l, opt = o;
  def(this, 'format', function(d){ return D(d === undefined ? Date.now() : (d instanceof Date ? d.getTime() : Number(d)), loc, opt, 'date'); });
  def(this, 'resolvedOptions', function(){ return Object.assign({locale: typeof loc === 'string' ? loc : 'en-US', timeZone: (opt && opt.timeZone) || 'UTC'}, opt || {}); });
}
def(g, 'Intl', {NumberFormat: NumberFormat, DateTimeFormat: DateTimeFormat});
})(this);`
