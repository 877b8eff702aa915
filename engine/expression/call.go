package expression

import (
	"math"
	"regexp"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
)

// callMethod is recv.name(args): n8n's extension functions first (chosen by
// the receiver's runtime type, like n8n's extend()), then the JavaScript
// method of that name, then the generic isEmpty/isNotEmpty.
func callMethod(st *state, recv any, name string, args []any, optional bool) (any, error) {
	recv = normNum(recv)
	var (
		v     any
		found bool
		err   error
	)
	switch x := recv.(type) {
	case string:
		if extNames[name] && name != "toDate" && name != "toDateTime" && dateExt[name] && isISODateString(x) {
			// n8n converts the string to a Date for the lookup but then calls
			// the date extension with the original string, which Luxon sees
			// as an invalid date.
			v, found, err = dateMethod(st, &jsDate{ms: math.NaN()}, name, args)
			break
		}
		v, found, err = stringMethod(st, x, name, args)
	case []any:
		v, found, err = arrayMethod(st, x, name, args)
	case float64:
		v, found, err = numberMethod(st, x, name, args)
	case bool:
		v, found, err = boolMethod(st, x, name, args)
	case *data.Object:
		if fn, ok := x.Get(name); ok && isCallable(fn) {
			return callFunction(st, fn, x, args)
		}
		v, found, err = objectMethod(st, x, name, args)
	case *DateTime:
		v, found, err = dateMethod(st, x, name, args)
	case *jsDate:
		v, found, err = dateMethod(st, x, name, args)
	case nil, data.UndefinedType:
		if name == "isEmpty" {
			return true, nil
		}
		if name == "isNotEmpty" {
			return false, nil
		}
		if extNames[name] {
			return nil, &Error{
				Message:     name + " can't be used on " + toString(recv) + " value",
				Description: "To ignore this error, add a ? to the variable before this function, e.g. my_var?." + name,
			}
		}
		return nil, typeErrorf("Cannot read properties of " + toString(recv) + " (reading '" + name + "')")
	case methoder:
		v, found, err = x.method(st, name, args)
		if !found {
			if _, isObj := x.(plainer); isObj {
				v, found, err = genericObjectMethod(st, recv, name, args)
			}
		}
	default:
		v, found, err = genericObjectMethod(st, recv, name, args)
	}
	if found || err != nil {
		return v, err
	}
	switch name {
	case "isEmpty":
		return !truthy(recv), nil
	case "isNotEmpty":
		return truthy(recv), nil
	}
	if optional {
		return undef, nil
	}
	if extNames[name] {
		return nil, onlyCallableError(name)
	}
	return nil, typeErrorf(describe(recv) + "." + name + " is not a function")
}

// callMethodWith is recv[name](...args) where args is already an array.
func onlyCallableError(name string) error {
	var types []string
	for _, t := range []struct {
		name string
		set  map[string]bool
	}{{"Array", arrayExt}, {"Date", dateExt}, {"Number", numberExt}, {"Object", objectExt}, {"String", stringExt}, {"Boolean", boolExt}} {
		if t.set[name] {
			types = append(types, `"`+t.name+`"`)
		}
	}
	if len(types) == 1 {
		return &Error{Message: name + "() is only callable on type " + types[0]}
	}
	list := ""
	for i, t := range types[:len(types)-1] {
		if i > 0 {
			list += ", "
		}
		list += t
	}
	return &Error{Message: name + "() is only callable on types " + list + ", and " + types[len(types)-1]}
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var isoDateRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.\d{3}Z`)
})

// isISODateString is n8n's test for strings that date extensions accept:
// an exact toISOString() form.
func isISODateString(s string) bool {
	if len(s) != 24 || !isoDateRe().MatchString(s) {
		return false
	}
	d, ok := parseJSDate(s)
	return ok && d.toISOString() == s
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// Extension function names per receiver type (n8n 1.x extensions).
var (
	stringExt = set("hash", "removeMarkdown", "removeTags", "toDate", "toDateTime", "toBoolean", "toDecimalNumber",
		"toFloat", "toNumber", "toInt", "toWholeNumber", "toSentenceCase", "toSnakeCase", "toTitleCase", "urlDecode",
		"urlEncode", "quote", "replaceSpecialChars", "length", "isDomain", "isEmail", "isNumeric", "isUrl", "isEmpty",
		"isNotEmpty", "toJsonString", "extractEmail", "extractDomain", "extractUrl",
		"extractUrlPath", "parseJson", "base64Encode", "base64Decode")
	arrayExt = set("removeDuplicates", "unique", "first", "last", "pluck", "randomItem", "sum", "min", "max", "average",
		"isEmpty", "isNotEmpty", "compact", "smartJoin", "chunk", "renameKeys", "merge", "union", "difference",
		"intersection", "append", "toJsonString", "toInt", "toFloat", "toBoolean", "toDateTime")
	numberExt = set("ceil", "floor", "format", "round", "abs", "isInteger", "isEven", "isOdd", "toBoolean", "toInt",
		"toFloat", "toDateTime")
	objectExt = set("isEmpty", "isNotEmpty", "hasField", "removeField", "removeFieldsContaining", "keepFieldsContaining",
		"compact", "urlEncode", "keys", "values", "toJsonString", "toInt", "toFloat", "toBoolean", "toDateTime")
	dateExt = set("beginningOf", "endOfMonth", "extract", "isBetween", "isDst", "isInLast", "isWeekend", "minus", "plus",
		"format", "toDateTime", "diffTo", "diffToNow", "toInt", "toFloat", "toBoolean", "isEmpty", "isNotEmpty")
	boolExt  = set("toBoolean", "toInt", "toFloat", "toNumber", "toDateTime")
	extNames = func() map[string]bool {
		m := map[string]bool{}
		for _, s := range []map[string]bool{stringExt, arrayExt, numberExt, objectExt, dateExt, boolExt} {
			for k := range s {
				m[k] = true
			}
		}
		return m
	}()
)

// genericObjectMethod covers Object.prototype methods on any object.
func genericObjectMethod(st *state, recv any, name string, args []any) (any, bool, error) {
	switch name {
	case "toString":
		return toString(recv), true, nil
	case "valueOf":
		return recv, true, nil
	case "hasOwnProperty":
		k := propertyKey(arg(args, 0))
		if h, ok := recv.(hasser); ok {
			return h.has(k), true, nil
		}
		return false, true, nil
	}
	return nil, false, nil
}

// construct is new C(args).
func construct(st *state, ctor any, args []any) (any, error) {
	g, ok := ctor.(*jsGlobal)
	if !ok {
		return nil, typeErrorf(describe(ctor) + " is not a constructor")
	}
	return g.construct(st, args)
}
