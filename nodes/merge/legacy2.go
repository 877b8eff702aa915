package merge

import (
	"fmt"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// legacy maps Merge v2's clash names onto v3's: v2's "preferInput2" is
// v3's "preferLast", and v3's own name means nothing to v2 (empty items).
func (c clash) legacy() clash {
	switch c.resolve {
	case "preferInput2":
		c.resolve = "preferLast"
	case "preferLast":
		c.resolve = "preferLast (not a v2 option)"
	}
	return c
}

// executeV2 is Merge v2 and v2.1.
func executeV2(ex *engine.Exec, in [][]data.Item) ([][]data.Item, error) {
	mode, err := ex.ParamString("mode", 0)
	if err != nil {
		return nil, err
	}
	out := []data.Item{}
	switch mode {
	case "append":
		out = append(append(out, in[0]...), in[1]...)
	case "combine":
		cm, err := ex.ParamString("combinationMode", 0)
		if err != nil {
			return nil, err
		}
		switch cm {
		case "multiplex":
			return combineAll(ex, in)
		case "mergeByPosition":
			return byPositionV2(ex, in)
		case "mergeByFields":
			return byFieldsV2(ex, in)
		}
	case "chooseBranch":
		cbm, err := ex.ParamString("chooseBranchMode", 0)
		if err != nil {
			return nil, err
		}
		if cbm != "waitForBoth" {
			break
		}
		o, err := ex.ParamString("output", 0)
		if err != nil {
			return nil, err
		}
		switch o {
		case "input1":
			out = append(out, in[0]...)
		case "input2":
			out = append(out, in[1]...)
		case "empty":
			ps := []data.PairedItem{}
			for _, side := range in {
				for _, it := range side {
					ps = append(ps, pairedList(it)...)
				}
			}
			out = append(out, data.Item{JSON: data.NewObject(0), Paired: data.Many(ps...)})
		}
	}
	return [][]data.Item{out}, nil
}

// byPositionV2 is v2's mergeByPosition: an empty side passes the other
// through, and with includeUnpaired the longer side's extra items are
// passed as they are (after the suffixes).
func byPositionV2(ex *engine.Exec, in [][]data.Item) ([][]data.Item, error) {
	c, err := readClash(ex)
	if err != nil {
		return nil, err
	}
	opts, err := optionMap(ex, "options")
	if err != nil {
		return nil, err
	}
	includeUnpaired := jsvalue.Truthy(opts.Value("includeUnpaired"))
	in1, in2 := in[0], in[1]
	if len(in1) == 0 || len(in2) == 0 {
		return [][]data.Item{append(append([]data.Item{}, in1...), in2...)}, nil
	}
	if c.resolve == "preferInput1" {
		in1, in2 = in2, in1
	}
	if c.resolve == "addSuffix" {
		in1, in2 = addSuffix(in1, "1"), addSuffix(in2, "2")
	}
	n := min(len(in1), len(in2))
	if includeUnpaired {
		n = max(len(in1), len(in2))
	}
	mf := c.mergeFunc()
	out := []data.Item{}
	for i := range n {
		if i >= len(in1) {
			out = append(out, in2[i])
			continue
		}
		if i >= len(in2) {
			out = append(out, in1[i])
			continue
		}
		a, b := in1[i], in2[i]
		out = append(out, data.Item{
			JSON:   mf(orEmpty(a.JSON), b.JSON),
			Binary: jsvalue.Merge(data.NewObject(0), nil, a.Binary, b.Binary),
			Paired: data.Many(concatPaired(a, b)...),
		})
	}
	return [][]data.Item{out}, nil
}

// byFieldsV2 is v2's mergeByFields: pairs from mergeByFields.values, and
// v2.0 first checks that each field occurs in some item of its input.
func byFieldsV2(ex *engine.Exec, in [][]data.Item) ([][]data.Item, error) {
	v, err := ex.Param("mergeByFields.values", 0)
	if err != nil {
		return nil, err
	}
	list, _ := v.([]any)
	pairs := make([]pair, 0, len(list))
	for _, e := range list {
		m, _ := e.(*data.Object)
		pairs = append(pairs, pair{jsvalue.ToString(orEmptyStr(m.Value("field1"))), jsvalue.ToString(orEmptyStr(m.Value("field2")))})
	}
	if len(pairs) == 1 && pairs[0].field1 == "" && pairs[0].field2 == "" {
		return nil, appError(`You need to define at least one pair of fields in "Fields to Match" to match on`)
	}
	for i, p := range pairs {
		if p.field1 == "" || p.field2 == "" {
			return nil, appError("You need to define both fields in \"Fields to Match\" for pair %d,\n\t\t\t\t field 1 = '%s'\n\t\t\t\t field 2 = '%s'", i+1, p.field1, p.field2)
		}
	}
	if ex.Version() < 2.1 {
		opts, err := optionMap(ex, "options")
		if err != nil {
			return nil, err
		}
		noDot := jsvalue.Truthy(opts.Value("disableDotNotation"))
		for side, label := range []string{"Input 1", "Input 2"} {
			for _, p := range pairs {
				f := p.field1
				if side == 1 {
					f = p.field2
				}
				if !presentInSome(in[side], f, noDot) {
					return nil, appError("Field '%s' is not present in any of items in '%s'", f, label)
				}
			}
		}
	}
	if len(pairs) == 0 {
		jm, err := ex.ParamString("joinMode", 0)
		if err != nil {
			return nil, err
		}
		if len(in[0]) > 0 && len(in[1]) > 0 {
			switch jm {
			case "keepMatches", "keepEverything", "enrichInput2":
				return [][]data.Item{{}}, nil
			}
			return [][]data.Item{in[0]}, nil
		}
	}
	return byFieldPairs(ex, in, pairs, true)
}

func presentInSome(items []data.Item, field string, noDot bool) bool {
	for _, it := range items {
		j := orEmpty(it.JSON)
		if noDot {
			if j.Has(field) {
				return true
			}
			continue
		}
		if v, ok := jsvalue.Get(j, field); ok && !data.IsUndefined(v) {
			return true
		}
	}
	return false
}

// appError is an n8n ApplicationError (level warning) thrown by v2's
// checks: n8n records it with its message only, without an error class.
func appError(format string, args ...any) *engine.NodeError {
	return &engine.NodeError{Message: fmt.Sprintf(format, args...), ItemIndex: -1,
		Extra: map[string]any{"level": "warning", "tags": map[string]any{}}}
}
