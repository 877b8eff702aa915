// Package filter is n8n's filter parameter (FilterValue) evaluator, shared by
// the If, Filter and Switch nodes: value parsing per operator type with
// strict or loose type validation, every operator, the and/or combinator,
// and n8n's exact error texts.
package filter

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/n8n-go/n8n-go/engine/data"
)

// Options are a filter value's options, as stored in the workflow JSON.
type Options struct {
	CaseSensitive bool
	// Strict is typeValidation == "strict"; anything else is loose.
	Strict  bool
	Version int
}

// Operator is a condition's operator.
type Operator struct {
	Type, Operation, RightType string
	SingleValue                bool
}

// Condition is one condition with its values already resolved.
type Condition struct {
	Left, Right any
	Operator    Operator
}

// Value is a resolved filter parameter.
type Value struct {
	Options    Options
	Conditions []Condition
	Combinator string
}

// Error is n8n's FilterError: a message and an HTML/text description.
type Error struct {
	Message     string
	Description string
}

func (e *Error) Error() string { return e.Message }

// IsFilterValue is n8n's isFilterValue: an object with conditions and
// combinator keys. Other values are returned unchanged by extractValue.
func IsFilterValue(v any) bool {
	m, ok := v.(*data.Object)
	return ok && m.Has("conditions") && m.Has("combinator")
}

// FromParam reads a resolved filter parameter. It never fails: missing parts
// take the values n8n's code ends up with (missing version is 1, missing
// caseSensitive is case-insensitive, missing typeValidation is loose).
func FromParam(v any) Value {
	m, _ := v.(*data.Object)
	var out Value
	out.Combinator, _ = m.Value("combinator").(string)
	opts, _ := m.Value("options").(*data.Object)
	out.Options.CaseSensitive = Truthy(opts.Value("caseSensitive"))
	out.Options.Strict = opts.Value("typeValidation") == "strict"
	out.Options.Version = 1
	if n, ok := normalize(opts.Value("version")).(float64); ok && n > 0 {
		out.Options.Version = int(n)
	}
	conds, _ := m.Value("conditions").([]any)
	for _, c := range conds {
		cm, _ := c.(*data.Object)
		if cm == nil {
			continue
		}
		cond := Condition{Left: valueOrUndefined(cm, "leftValue"), Right: valueOrUndefined(cm, "rightValue")}
		op, _ := cm.Value("operator").(*data.Object)
		cond.Operator.Type, _ = op.Value("type").(string)
		cond.Operator.Operation, _ = op.Value("operation").(string)
		cond.Operator.RightType, _ = op.Value("rightType").(string)
		cond.Operator.SingleValue = Truthy(op.Value("singleValue"))
		out.Conditions = append(out.Conditions, cond)
	}
	return out
}

func valueOrUndefined(m *data.Object, k string) any {
	v, ok := m.Get(k)
	if !ok {
		return undefined
	}
	return v
}

// Evaluator runs filter values. Loc is the zone naive dates are read in.
type Evaluator struct {
	Loc *time.Location
}

// Execute is n8n's executeFilter for item itemIndex. An unknown combinator
// is false.
func (ev Evaluator) Execute(v Value, itemIndex int) (bool, error) {
	switch v.Combinator {
	case "and":
		for i, c := range v.Conditions {
			ok, err := ev.Condition(c, v.Options, i, itemIndex)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case "or":
		for i, c := range v.Conditions {
			ok, err := ev.Condition(c, v.Options, i, itemIndex)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return false, nil
}

func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// parseValues is n8n's parseFilterConditionValues.
func (ev Evaluator) parseValues(c Condition, o Options, index, itemIndex int) (left, right any, err error) {
	op := c.Operator
	rightType := op.RightType
	if rightType == "" {
		rightType = op.Type
	}
	pl := parseSingle(c.Left, op.Type, o.Strict, o.Version, ev.Loc)
	pr := parseSingle(c.Right, rightType, o.Strict, o.Version, ev.Loc)
	leftValid := pl.valid
	rightValid := pr.valid || op.SingleValue
	typeDesc := "Try changing the type of the comparison."
	if o.Strict {
		typeDesc = "Try changing the type of comparison. Alternatively you can enable 'Convert types where required'."
	}
	msg := func(typ, from, val string) string {
		// Built only for an error: this runs for every item.
		suffix := fmt.Sprintf("[condition %d, item %d]", index, itemIndex)
		from = strings.ToLower(from)
		if o.Strict {
			return fmt.Sprintf("Wrong type: '%s' is %s but was expecting %s %s", val, article(from), article(typ), suffix)
		}
		return fmt.Sprintf("Conversion error: the %s '%s' can't be converted to %s %s", from, val, article(typ), suffix)
	}
	desc := func(typ, position string) string {
		fn := ""
		switch typ {
		case "string":
			fn = ".toString()"
		case "number":
			fn = ".toNumber()"
		case "boolean":
			fn = ".toBoolean()"
		}
		if o.Strict && fn != "" {
			return "\n<p>Try either:</p>\n<ol>\n  <li>Enabling 'Convert types where required'</li>\n  <li>Converting the " +
				position + " field to " + article(typ) + " by adding <code>" + fn + "</code></li>\n</ol>\n\t\t\t"
		}
		return typeDesc
	}
	lt, rt := TypeOf(c.Left), TypeOf(c.Right)
	switch {
	case !leftValid && !rightValid && lt == rt:
		return nil, nil, &Error{fmt.Sprintf("Comparison type expects %s but both fields are %s", article(op.Type), article(lt)), typeDesc}
	case !leftValid:
		return nil, nil, &Error{msg(op.Type, lt, JSString(c.Left)), desc(op.Type, "first")}
	case !rightValid:
		return nil, nil, &Error{msg(rightType, rt, JSString(c.Right)), desc(rightType, "second")}
	}
	left, right = undefined, undefined
	if pl.valid {
		left = pl.value
	}
	if pr.valid {
		right = pr.value
	}
	return left, right, nil
}

// Condition is n8n's executeFilterCondition. index is the condition's
// position (for error texts).
func (ev Evaluator) Condition(c Condition, o Options, index, itemIndex int) (bool, error) {
	ignoreCase := !o.CaseSensitive
	left, right, err := ev.parseValues(c, o, index, itemIndex)
	if err != nil {
		return false, err
	}
	exists := !isUndef(left) && left != nil && !isNaN(left)
	opn := c.Operator.Operation
	switch opn {
	case "exists":
		return exists, nil
	case "notExists":
		return !exists, nil
	}
	// n8n's switch falls through from number to dateTime, boolean, array and
	// object when the operation is not one of the type's own.
	typ := c.Operator.Type
	if typ == "string" {
		return stringOp(opn, left, right, ignoreCase)
	}
	order := []string{"number", "dateTime", "boolean", "array", "object"}
	start := -1
	for i, t := range order {
		if t == typ {
			start = i
		}
	}
	if start < 0 {
		return false, nil
	}
	for _, t := range order[start:] {
		var done bool
		var res bool
		switch t {
		case "number":
			res, done = numberOp(opn, left, right, exists)
		case "dateTime":
			res, done, err = dateOp(opn, left, right, exists)
			if err != nil {
				return false, err
			}
		case "boolean":
			res, done = boolOp(opn, left, right, exists)
		case "array":
			res, done = arrayOp(opn, left, right, ignoreCase)
		case "object":
			res, done = objectOp(opn, left)
		}
		if done {
			return res, nil
		}
	}
	return false, nil
}

func stringOp(opn string, left, right any, ignoreCase bool) (bool, error) {
	if ignoreCase {
		if s, ok := left.(string); ok {
			left = strings.ToLower(s)
		}
		if s, ok := right.(string); ok && opn != "regex" && opn != "notRegex" {
			right = strings.ToLower(s)
		}
	}
	l, r := asString(left), asString(right)
	switch opn {
	case "empty":
		return l == "", nil
	case "notEmpty":
		return l != "", nil
	case "equals":
		return l == r, nil
	case "notEquals":
		return l != r, nil
	case "contains":
		return strings.Contains(l, r), nil
	case "notContains":
		return !strings.Contains(l, r), nil
	case "startsWith":
		return strings.HasPrefix(l, r), nil
	case "notStartsWith":
		return !strings.HasPrefix(l, r), nil
	case "endsWith":
		return strings.HasSuffix(l, r), nil
	case "notEndsWith":
		return !strings.HasSuffix(l, r), nil
	case "regex", "notRegex":
		re, err := ParseRegex(r)
		if err != nil {
			return false, err
		}
		m, err := re.MatchString(l)
		if err != nil {
			return false, fmt.Errorf("regular expression: %w", err)
		}
		return m == (opn == "regex"), nil
	}
	return false, nil
}

// asString is `(v ?? ”)` for a value parsed as a string.
func asString(v any) string {
	if v == nil || isUndef(v) {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return JSString(v)
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var regexLiteral = sync.OnceValue(func() *regexp2.Regexp {
	return regexp2.MustCompile(`^/(.*?)/([gimusy]*)$`, regexp2.ECMAScript|regexp2.Singleline)
})

// ParseRegex is n8n's parseRegexPattern: "/pat/flags" or a bare pattern,
// compiled with JavaScript semantics.
func ParseRegex(pattern string) (*regexp2.Regexp, error) {
	pat, flags := pattern, ""
	if m, _ := regexLiteral().FindStringMatch(pattern); m != nil {
		g := m.Groups()
		pat, flags = g[1].String(), g[2].String()
	}
	opts := regexp2.RegexOptions(regexp2.ECMAScript)
	sticky := false
	for _, f := range flags {
		switch f {
		case 'i':
			opts |= regexp2.IgnoreCase
		case 'm':
			opts |= regexp2.Multiline
		case 's':
			opts |= regexp2.Singleline
		case 'u':
			opts |= regexp2.Unicode
		case 'y':
			sticky = true
		}
	}
	if opts&regexp2.Singleline != 0 || opts&regexp2.Unicode != 0 {
		// regexp2 does not combine these with ECMAScript mode.
		opts &^= regexp2.ECMAScript
	}
	if sticky {
		pat = `\G(?:` + pat + `)`
	}
	re, err := regexp2.Compile(pat, opts)
	if err != nil {
		return nil, &Error{Message: fmt.Sprintf("Invalid regular expression: /%s/%s: %v", pat, flags, err)}
	}
	re.MatchTimeout = 5 * time.Second
	return re, nil
}

func numberOp(opn string, left, right any, exists bool) (bool, bool) {
	switch opn {
	case "empty":
		return !exists, true
	case "notEmpty":
		return exists, true
	case "equals":
		return strictEquals(left, right), true
	case "notEquals":
		return !strictEquals(left, right), true
	case "gt":
		return relNumber(left) > relNumber(right), true
	case "lt":
		return relNumber(left) < relNumber(right), true
	case "gte":
		return relNumber(left) >= relNumber(right), true
	case "lte":
		return relNumber(left) <= relNumber(right), true
	}
	return false, false
}

func dateOp(opn string, left, right any, exists bool) (bool, bool, error) {
	switch opn {
	case "empty":
		return !exists, true, nil
	case "notEmpty":
		return exists, true, nil
	}
	if !Truthy(left) || !Truthy(right) {
		return false, true, nil
	}
	switch opn {
	case "equals", "notEquals", "after", "before", "afterOrEquals", "beforeOrEquals":
	default:
		return false, false, nil
	}
	lm, lok := left.(millier)
	rm, rok := right.(millier)
	if !lok {
		return false, true, fmt.Errorf("left.toMillis is not a function")
	}
	if !rok {
		return false, true, fmt.Errorf("right.toMillis is not a function")
	}
	l, r := lm.UnixMilli(), rm.UnixMilli()
	switch opn {
	case "equals":
		return l == r, true, nil
	case "notEquals":
		return l != r, true, nil
	case "after":
		return l > r, true, nil
	case "before":
		return l < r, true, nil
	case "afterOrEquals":
		return l >= r, true, nil
	}
	return l <= r, true, nil
}

func boolOp(opn string, left, right any, exists bool) (bool, bool) {
	switch opn {
	case "empty":
		return !exists, true
	case "notEmpty":
		return exists, true
	case "true":
		return Truthy(left), true
	case "false":
		return !Truthy(left), true
	case "equals":
		return strictEquals(left, right), true
	case "notEquals":
		return !strictEquals(left, right), true
	}
	return false, false
}

// ArrayContains is n8n's arrayContainsValue.
func ArrayContains(arr []any, v any, ignoreCase bool) bool {
	if s, ok := v.(string); ok && ignoreCase {
		ls := strings.ToLower(s)
		for _, e := range arr {
			if es, ok := e.(string); ok && strings.ToLower(es) == ls {
				return true
			}
		}
		return false
	}
	for _, e := range arr {
		if sameValueZero(e, v) {
			return true
		}
	}
	return false
}

// jsLength is `.length` of the left value of an array operation.
func jsLength(v any) (float64, bool) {
	switch x := v.(type) {
	case []any:
		return float64(len(x)), true
	case string:
		return float64(len([]rune(x))), true
	}
	return 0, false
}

func arrayOp(opn string, left, right any, ignoreCase bool) (bool, bool) {
	if left == nil || isUndef(left) {
		left = []any{}
	}
	arr, _ := left.([]any)
	n, hasLen := jsLength(left)
	lenCmp := func(f func(a, b float64) bool) bool {
		if !hasLen {
			return false // undefined compared with anything is false
		}
		if isUndef(right) {
			return false
		}
		return f(n, relNumber(right))
	}
	switch opn {
	case "contains":
		return ArrayContains(arr, right, ignoreCase), true
	case "notContains":
		return !ArrayContains(arr, right, ignoreCase), true
	case "lengthEquals":
		return hasLen && strictEquals(n, right), true
	case "lengthNotEquals":
		return !(hasLen && strictEquals(n, right)), true
	case "lengthGt":
		return lenCmp(func(a, b float64) bool { return a > b }), true
	case "lengthLt":
		return lenCmp(func(a, b float64) bool { return a < b }), true
	case "lengthGte":
		return lenCmp(func(a, b float64) bool { return a >= b }), true
	case "lengthLte":
		return lenCmp(func(a, b float64) bool { return a <= b }), true
	case "empty":
		return hasLen && n == 0, true
	case "notEmpty":
		return !(hasLen && n == 0), true
	}
	return false, false
}

func objectOp(opn string, left any) (bool, bool) {
	keys := 0
	switch x := left.(type) {
	case *data.Object:
		keys = x.Len()
	case []any:
		keys = len(x)
	case string:
		keys = len([]rune(x))
	}
	switch opn {
	case "empty":
		return !Truthy(left) || keys == 0, true
	case "notEmpty":
		return Truthy(left) && keys != 0, true
	}
	return false, false
}
