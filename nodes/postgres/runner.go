package postgres

import (
	"context"
	"regexp"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// runQueries is n8n's query runner: "single" concatenates every item's
// query into one multi-statement query; "independently" runs them one by
// one on one connection; "transaction" runs them one by one inside a
// transaction. Output items are paired with the statement (single) or the
// item (the others) that produced them.
func (r *run) runQueries(ctx context.Context, queries []query) ([]data.Item, error) {
	switch r.opts.queryBatching {
	case "transaction":
		return r.runEach(ctx, queries, true)
	case "independently":
		return r.runEach(ctx, queries, false)
	case "single":
		return r.runSingle(ctx, queries)
	}
	return []data.Item{}, nil
}

func (r *run) emptyResult() []data.Item {
	if r.opts.operation == "select" {
		return nil
	}
	return []data.Item{{JSON: data.ObjectOf("success", true)}}
}

func (r *run) runSingle(ctx context.Context, queries []query) ([]data.Item, error) {
	results, err := func() ([][]*data.Object, error) {
		sql, err := concatQueries(queries)
		if err != nil {
			return nil, err
		}
		return r.sess.multi(ctx, sql)
	}()
	if err != nil {
		ne := parseError(err, queries, -1)
		if !r.ex.ContinueOnFail() {
			return nil, ne
		}
		return []data.Item{r.errorItem(ne)}, nil
	}
	total := 0
	for _, rows := range results {
		total += len(rows)
	}
	out := make([]data.Item, 0, total)
	for i, rows := range results {
		for _, row := range rows {
			out = append(out, data.Item{JSON: row, Paired: data.One(i)})
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	paired := make([]data.PairedItem, len(queries))
	for i := range paired {
		paired[i] = data.PairedItem{Item: i}
	}
	if r.opts.version < 2.3 {
		empty := r.emptyResult()
		if len(empty) > 0 {
			empty[0].Paired = data.Many(paired...)
		}
		return nonNil(empty), nil
	}
	for _, q := range queries {
		if !isSelectQuery(q.text) {
			return []data.Item{{JSON: data.ObjectOf("success", true), Paired: data.Many(paired...)}}, nil
		}
	}
	return []data.Item{}, nil
}

func nonNil(items []data.Item) []data.Item {
	if items == nil {
		return []data.Item{}
	}
	return items
}

func (r *run) runEach(ctx context.Context, queries []query, tx bool) ([]data.Item, error) {
	if tx {
		if err := r.sess.exec(ctx, "begin"); err != nil {
			return nil, asOperationError(err)
		}
	}
	result := []data.Item{}
	failed := false
	for i, q := range queries {
		rows, err := func() ([]*data.Object, error) {
			sql, err := formatQuery(q.text, q.values)
			if err != nil {
				return nil, err
			}
			sets, err := r.sess.multi(ctx, sql)
			if err != nil {
				return nil, err
			}
			var flat []*data.Object
			for _, s := range sets {
				flat = append(flat, s...)
			}
			return flat, nil
		}()
		if err != nil {
			ne := parseError(err, queries, i)
			if !r.ex.ContinueOnFail() {
				if tx {
					_ = r.sess.exec(ctx, "rollback")
				}
				return nil, ne
			}
			result = append(result, r.prepareErrorItem(ne, i))
			if tx {
				failed = true
				break
			}
			continue
		}
		if len(rows) == 0 {
			var objs []data.Item
			if r.opts.version < 2.3 {
				objs = r.emptyResult()
			} else if !isSelectQuery(q.text) {
				objs = []data.Item{{JSON: data.ObjectOf("success", true)}}
			}
			for _, it := range objs {
				result = append(result, data.Item{JSON: it.JSON.Clone(), Paired: data.One(i)})
			}
			continue
		}
		for _, row := range rows {
			result = append(result, data.Item{JSON: row, Paired: data.One(i)})
		}
	}
	if tx {
		// pg-promise commits whenever the callback returns; after a failed
		// statement PostgreSQL turns that COMMIT into a rollback.
		_ = failed
		if err := r.sess.exec(ctx, "commit"); err != nil {
			return nil, asOperationError(err)
		}
	}
	return result, nil
}

var blockComment = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?s)/\*.*?\*/`)
})

// isSelectQuery is n8n's test for a query made only of SELECT statements
// (their empty result gives no item rather than {success: true}).
func isSelectQuery(q string) bool {
	q = blockComment().ReplaceAllString(q, "")
	q = strings.ReplaceAll(q, "\n", "")
	for st := range strings.SplitSeq(q, ";") {
		if st == "" || strings.HasPrefix(st, "--") {
			continue
		}
		if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(st)), "select") {
			return false
		}
	}
	return true
}

var syntaxNear = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`syntax error at or near "(.*)"`)
})

// parseError is n8n's parsePostgresError: a syntax error names its line,
// connection failures get short messages, and the description is the
// server's detail or hint, or the failed query.
func parseError(err error, queries []query, itemIndex int) *engine.NodeError {
	pe := asPgError(err)
	message := pe.message
	if strings.Contains(message, "syntax error at or near") && len(queries) > 0 {
		if m := syntaxNear().FindStringSubmatch(message); m != nil {
			snippet := m[1]
			for qi, q := range queries {
				if strings.Contains(q.text, snippet) {
					if itemIndex <= 0 {
						itemIndex = qi
					}
					line := 0
					for li, l := range strings.Split(q.text, "\n") {
						if strings.Contains(l, snippet) {
							line = li
							break
						}
					}
					message = "Syntax error at line " + itoa(line+1) + " near \"" + snippet + "\""
					break
				}
			}
		}
	}
	description := pe.detail
	if description == "" {
		description = pe.hint
	}
	idx := itemIndex
	if idx < 0 {
		idx = 0
	}
	if description == "" && idx < len(queries) && queries[idx].text != "" {
		description = "Failed query: " + queries[idx].text
	}
	shortFor := map[string]string{"ECONNREFUSED": "Connection refused", "ENOTFOUND": "Host not found", "ETIMEDOUT": "Connection timed out"}
	for _, code := range []string{"ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT"} {
		if _, rest, ok := strings.Cut(message, code+" "); ok {
			message, description = shortFor[code], strings.TrimSpace(rest)
		}
	}
	ne := &engine.NodeError{Name: "NodeOperationError", Message: message, Description: description, ItemIndex: itemIndex, Err: err}
	return ne
}

func itoa(n int) string { return data.FormatNumber(float64(n), false) }

// errorItem is the single error item of the "single" runner under
// continueOnFail (no pairedItem).
func (r *run) errorItem(ne *engine.NodeError) data.Item {
	return data.Item{JSON: data.ObjectOf("message", ne.Message, "error", r.errorJSON(ne))}
}

// prepareErrorItem is n8n's error item of the other runners: the message,
// a copy of the input item's JSON and the error, paired with the item.
func (r *run) prepareErrorItem(ne *engine.NodeError, i int) data.Item {
	var in *data.Object
	if i < len(r.items) && r.items[i].JSON != nil {
		in = r.items[i].JSON.Clone()
	} else {
		in = data.NewObject(0)
	}
	return data.Item{JSON: data.ObjectOf("message", ne.Message, "item", in, "error", r.errorJSON(ne)), Paired: data.One(i)}
}
