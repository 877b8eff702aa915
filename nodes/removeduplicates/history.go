package removeduplicates

import (
	"crypto/md5"
	"encoding/base64"
	"slices"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/nodes/internal/filter"
)

// Remove Duplicates 2 against the history of earlier executions (n8n's
// processed data): values seen before, or values not above the highest
// number / latest date seen. The history lives in the engine's processed
// data (engine.Exec.ProcessedData), kept by serve between production
// executions and by run --static-data between runs.

const defaultHistorySize = 10000

// history modes, as n8n stores them.
const (
	modeEntries     = "entries"
	modeIncremental = "latestIncrementalKey"
	modeDate        = "latestDate"
)

func seenBefore(ex *engine.Exec, items []data.Item) ([][]data.Item, error) {
	logic, err := ex.ParamString("logic", 0)
	if err != nil {
		return nil, err
	}
	scope, err := ex.ParamOr("options.scope", 0, "node")
	if err != nil {
		return nil, err
	}
	sc := jsvalue.ToString(scope)
	var mode, param string
	switch logic {
	case "removeItemsWithAlreadySeenKeyValues":
		mode, param = modeEntries, "dedupeValue"
	case "removeItemsUpToStoredIncrementalKey":
		mode, param = modeIncremental, "incrementalDedupeValue"
	case "removeItemsUpToStoredDate":
		mode, param = modeDate, "dateDedupeValue"
	default:
		return [][]data.Item{items}, nil
	}
	if sc != "node" && sc != "workflow" {
		return nil, engine.OperationError(-1, "The scope '%s' is not supported. Please select either \"node\" or \"workflow\".", sc)
	}
	// groups maps each value (as a JavaScript object key, so in
	// JavaScript's key order) to the indexes of its items.
	groups := data.NewObject(0)
	var idx [][]int
	for i := range items {
		v, err := ex.ParamOr(param, i, "")
		if err != nil {
			return nil, err
		}
		key := jsvalue.ToString(v)
		if v == nil || data.IsUndefined(v) {
			key = ""
		}
		switch mode {
		case modeIncremental:
			if key == "" {
				return nil, engine.OperationError(-1, "The `Value to Dedupe` On is empty. Please provide a value.")
			}
			n := jsvalue.ToNumber(v)
			if n != n {
				return nil, engine.OperationError(-1, "The value '%s' is not a number. Please provide a number.", key)
			}
			key = jsvalue.ToString(n)
		case modeDate:
			if key == "" {
				return nil, engine.OperationError(-1, "The `Value to Dedupe` On is empty. Please provide a value.")
			}
			if _, ok := filter.ParseDate(key, ex.Location()); !ok {
				return nil, engine.OperationError(-1, "The value '%s' is not a valid date. Please provide a valid date.", key)
			}
		}
		if g, ok := groups.Get(key); ok {
			j := int(g.(float64))
			idx[j] = append(idx[j], i)
			continue
		}
		groups.Set(key, float64(len(idx)))
		idx = append(idx, []int{i})
	}
	keys := groups.Keys()
	rec := ex.ProcessedData(sc)
	if rec != nil && jsvalue.ToString(rec.Value("mode")) != mode {
		return nil, engine.OperationError(-1, "Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter. Try ’Clean Database’ operation to reset.")
	}
	var fresh, old []string
	if mode == modeEntries {
		max, err := ex.ParamOr("options.historySize", 0, float64(defaultHistorySize))
		if err != nil {
			return nil, err
		}
		maxN := jsvalue.ToNumber(max)
		count := 0
		if rec != nil {
			if hs, ok := rec.Value("data").([]any); ok {
				count = len(hs)
			}
		}
		if float64(count+len(items)) > maxN {
			return nil, engine.OperationError(-1, "The number of items to be processed exceeds the maximum history size. Please increase the history size or reduce the number of items to be processed.")
		}
		fresh, old = checkEntries(ex, sc, rec, keys, maxN)
	} else {
		fresh, old, err = checkLatest(ex, sc, rec, keys, mode)
		if err != nil {
			return nil, err
		}
	}
	return [][]data.Item{pick(items, groups, idx, fresh), pick(items, groups, idx, old)}, nil
}

// pick lists the items of keys, each key's items in input order.
func pick(items []data.Item, groups *data.Object, idx [][]int, keys []string) []data.Item {
	out := []data.Item{}
	for _, k := range keys {
		j := int(groups.Value(k).(float64))
		for _, i := range idx[j] {
			out = append(out, items[i])
		}
	}
	return out
}

func valueHash(s string) string {
	sum := md5.Sum([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// checkEntries keeps the hashes of the values seen, the newest maxN.
func checkEntries(ex *engine.Exec, scope string, rec *data.Object, keys []string, maxN float64) (fresh, old []string) {
	trim := func(hs []any) []any {
		if maxN > 0 && float64(len(hs)) > maxN {
			return hs[len(hs)-int(maxN):]
		}
		return hs
	}
	if rec == nil {
		hs := make([]any, len(keys))
		for i, k := range keys {
			hs[i] = valueHash(k)
		}
		ex.SetProcessedData(scope, data.ObjectOf("mode", modeEntries, "data", trim(hs)))
		return keys, nil
	}
	hs, ok := rec.Value("data").([]any)
	if !ok {
		return nil, nil
	}
	set := make(map[string]bool, len(hs))
	for _, h := range hs {
		set[jsvalue.ToString(h)] = true
	}
	hs = slices.Clone(hs)
	for _, k := range keys {
		h := valueHash(k)
		if set[h] {
			old = append(old, k)
		} else {
			fresh = append(fresh, k)
			hs = append(hs, h)
		}
	}
	ex.SetProcessedData(scope, data.ObjectOf("mode", modeEntries, "data", trim(hs)))
	return fresh, old
}

// checkLatest keeps the highest number or latest date seen: values above
// it are new, in ascending order as n8n sorts them.
func checkLatest(ex *engine.Exec, scope string, rec *data.Object, keys []string, mode string) (fresh, old []string, err error) {
	// Each value is read once: sorting and comparing reuse it.
	vals := make(map[string]float64, len(keys)+1)
	val := func(k string) float64 {
		if v, ok := vals[k]; ok {
			return v
		}
		var v float64
		if mode == modeIncremental {
			v = jsvalue.ToNumber(k)
		} else {
			t, _ := filter.ParseDate(k, ex.Location())
			v = float64(t.UnixMilli())
		}
		vals[k] = v
		return v
	}
	sorted := slices.Clone(keys)
	slices.SortStableFunc(sorted, func(a, b string) int {
		va, vb := val(a), val(b)
		switch {
		case va > vb:
			return 1
		case va < vb:
			return -1
		}
		return 0
	})
	if rec == nil {
		if len(sorted) > 0 {
			ex.SetProcessedData(scope, data.ObjectOf("mode", mode, "data", sorted[len(sorted)-1]))
		}
		return keys, nil, nil
	}
	stored, ok := rec.Value("data").(string)
	if !ok {
		return nil, nil, nil
	}
	if mode == modeIncremental && jsvalue.ToNumber(stored) != jsvalue.ToNumber(stored) {
		return nil, nil, engine.OperationError(-1, `Invalid value. Only numbers are supported in mode "latestIncrementalKey"`)
	}
	base, largest := val(stored), stored
	for _, k := range sorted {
		if val(k) > base {
			fresh = append(fresh, k)
			if val(k) > val(largest) {
				largest = k
			}
		} else {
			old = append(old, k)
		}
	}
	ex.SetProcessedData(scope, data.ObjectOf("mode", mode, "data", largest))
	return fresh, old, nil
}

// clearHistory is the Clear Deduplication History operation: only "Clean
// Database" does anything in n8n; the items pass through.
func clearHistory(ex *engine.Exec, items []data.Item) ([][]data.Item, error) {
	mode, err := ex.ParamOr("mode", 0, "cleanDatabase")
	if err != nil {
		return nil, err
	}
	if mode == "cleanDatabase" {
		scope, err := ex.ParamOr("options.scope", 0, "node")
		if err != nil {
			return nil, err
		}
		ex.SetProcessedData(jsvalue.ToString(scope), nil)
	}
	return [][]data.Item{items}, nil
}
