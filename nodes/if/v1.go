package ifnode

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/internal/filter"
)

// v1Defaults are the defaults of each legacy condition type's fields; n8n
// exports omit fields equal to them.
var v1Defaults = map[string][3]any{
	"boolean":  {false, "equal", false},
	"dateTime": {"", "after", ""},
	"number":   {0.0, "smaller", 0.0},
	"string":   {"", "equal", ""},
}

// executeV1 is IfV1: conditions of the types boolean, dateTime, number and
// string, checked in that order; combineOperation all or any.
func executeV1(ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	trueItems, falseItems := []data.Item{}, []data.Item{}
	for i := range items {
		it := ex.Own(0, i)
		combine, err := ex.ParamString("combineOperation", i)
		if err != nil {
			return nil, err
		}
		pass, err := V1Conditions(ex, i, combine == "any", combine == "all")
		if err != nil {
			return nil, err
		}
		if pass {
			trueItems = append(trueItems, it)
		} else {
			falseItems = append(falseItems, it)
		}
	}
	return [][]data.Item{trueItems, falseItems}, nil
}

// V1Conditions evaluates item i's legacy typed conditions (parameter
// "conditions": boolean, dateTime, number and string lists, checked in that
// order) as If 1 and Filter 1 do: with anyPasses the first passing
// condition passes the item, with allPass the first failing one fails it;
// past every condition, the item passes only under allPass.
func V1Conditions(ex *engine.Exec, i int, anyPasses, allPass bool) (bool, error) {
	for _, typ := range []string{"boolean", "dateTime", "number", "string"} {
		raw, err := ex.Param("conditions."+typ, i)
		if err != nil {
			return false, err
		}
		list, _ := raw.([]any)
		for _, c := range list {
			cm, _ := c.(*data.Object)
			def := v1Defaults[typ]
			v1, v2 := field(cm, "value1", def[0]), field(cm, "value2", def[2])
			op, _ := field(cm, "operation", def[1]).(string)
			if typ == "dateTime" {
				if v1, err = v1DateTime(v1, ex.Location()); err != nil {
					return false, err
				}
				if v2, err = v1DateTime(v2, ex.Location()); err != nil {
					return false, err
				}
			}
			res, err := v1Compare(op, v1, v2)
			if err != nil {
				return false, engine.OperationError(i, "%s", err.Error())
			}
			if res && anyPasses {
				return true, nil
			}
			if !res && allPass {
				return false, nil
			}
		}
	}
	return allPass, nil
}

func field(m *data.Object, k string, def any) any {
	if v, ok := m.Get(k); ok {
		return v
	}
	return def
}

// v1DateTime is IfV1's convertDateTime: strings through new Date(), numbers
// as they are.
func v1DateTime(v any, loc *time.Location) (any, error) {
	switch x := v.(type) {
	case string:
		if t, ok := filter.ParseDate(x, loc); ok {
			return float64(t.UnixMilli()), nil
		}
	case float64:
		return x, nil
	case interface{ UnixMilli() int64 }:
		return float64(x.UnixMilli()), nil
	}
	return nil, fmt.Errorf("The value \"%s\" is not a valid DateTime.", filter.JSString(v))
}

// or0 is `(v || 0)`, orEmpty `(v || ”)`.
func or0(v any) any {
	if filter.Truthy(v) {
		return v
	}
	return 0.0
}

func orEmpty(v any) any {
	if filter.Truthy(v) {
		return v
	}
	return ""
}

// jsLess compares with JavaScript's relational rules (strings compare as
// strings when both are strings, numbers otherwise).
func jsLess(a, b any) (lt, gt bool) {
	as, aok := a.(string)
	bs, bok := b.(string)
	if aok && bok {
		return as < bs, as > bs
	}
	x, y := filter.ToNumber(a), filter.ToNumber(b)
	if math.IsNaN(x) || math.IsNaN(y) {
		return false, false
	}
	return x < y, x > y
}

func strictEq(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	}
	return data.IsUndefined(a) && data.IsUndefined(b)
}

func v1Empty(v any) bool {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return true
	case string:
		return x == ""
	case float64:
		return math.IsNaN(x)
	case *data.Object:
		return x.Len() == 0
	case []any:
		return len(x) == 0
	}
	return false
}

func v1Regex(v1, v2 any) (bool, error) {
	re, err := filter.ParseRegex(filter.JSString(orEmpty(v2)))
	if err != nil {
		return false, err
	}
	return re.MatchString(filter.JSString(orEmpty(v1)))
}

func v1Compare(op string, v1, v2 any) (bool, error) {
	str := func(v any) string { return filter.JSString(v) }
	switch op {
	case "after", "larger":
		_, gt := jsLess(or0(v1), or0(v2))
		return gt, nil
	case "before", "smaller":
		lt, _ := jsLess(or0(v1), or0(v2))
		return lt, nil
	case "largerEqual":
		lt, _ := jsLess(or0(v1), or0(v2))
		return !lt && comparable(or0(v1), or0(v2)), nil
	case "smallerEqual":
		_, gt := jsLess(or0(v1), or0(v2))
		return !gt && comparable(or0(v1), or0(v2)), nil
	case "contains":
		return strings.Contains(str(orEmpty(v1)), str(orEmpty(v2))), nil
	case "notContains":
		return !strings.Contains(str(orEmpty(v1)), str(orEmpty(v2))), nil
	case "endsWith":
		return strings.HasSuffix(str(v1), str(v2)), nil
	case "notEndsWith":
		return !strings.HasSuffix(str(v1), str(v2)), nil
	case "startsWith":
		return strings.HasPrefix(str(v1), str(v2)), nil
	case "notStartsWith":
		return !strings.HasPrefix(str(v1), str(v2)), nil
	case "equal":
		return strictEq(v1, v2), nil
	case "notEqual":
		return !strictEq(v1, v2), nil
	case "isEmpty":
		return v1Empty(v1), nil
	case "isNotEmpty":
		return !v1Empty(v1), nil
	case "regex":
		return v1Regex(v1, v2)
	case "notRegex":
		m, err := v1Regex(v1, v2)
		return !m, err
	}
	return false, fmt.Errorf("compareOperationFunctions[compareData.operation] is not a function")
}

// comparable reports that neither side converts to NaN (a >= b is false then).
func comparable(a, b any) bool {
	_, aok := a.(string)
	_, bok := b.(string)
	if aok && bok {
		return true
	}
	return !math.IsNaN(filter.ToNumber(a)) && !math.IsNaN(filter.ToNumber(b))
}

// V1Compare is the compare table IF v1 shares with Switch v1/v2
// (compareOperationFunctions): op applied to value1 and value2.
func V1Compare(op string, v1, v2 any) (bool, error) { return v1Compare(op, v1, v2) }

// V1DateTime is IF v1's and Switch v1/v2's convertDateTime: a string read
// with new Date() (in loc when it has no zone), a number as it is, as epoch
// milliseconds.
func V1DateTime(v any, loc *time.Location) (any, error) { return v1DateTime(v, loc) }
