package engine

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/n8n-go/n8n-go/engine/binary"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/scope"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/httpx"
)

// Exec is what a node sees while it runs once: its inputs, its parameters
// (expressions resolved per item), credentials and HTTP.
type Exec struct {
	ctx    context.Context
	run    *run
	node   *workflow.Node
	typ    Node
	params Params
	inputs [][]data.Item
	// rawInputs: inputs are the source's items, their pairedItem not
	// pointed at their own position (run.takesRawInputs); rewritten is
	// the copies that do, made the first time an expression asks for
	// whole input items.
	rawInputs     bool
	rewrittenOnce sync.Once
	rewritten     [][]data.Item
	runIndex      int
	source        []*TaskSource
	// lastProxy is the data proxy made last (dataProxy): the expressions
	// of one item share it. Atomic because a node may evaluate from more
	// than one goroutine (HTTP Request's pagination).
	lastProxy atomic.Pointer[proxy]
}

// OwnInputs returns every input as n8n hands it to the node, each item's
// pairedItem pointing at its own position: ex.inputs, or for a run with
// raw inputs their rewritten copies, made once on first use. A RawInputs
// node reads its inputs' pairedItem only through it.
func (ex *Exec) OwnInputs() [][]data.Item {
	if !ex.rawInputs {
		return ex.inputs
	}
	ex.rewrittenOnce.Do(func() { ex.rewritten = ex.run.rewritePaired(ex.inputs) })
	return ex.rewritten
}

// Node returns the workflow node being run.
func (ex *Exec) Node() *workflow.Node { return ex.node }

// Name is the node's name.
func (ex *Exec) Name() string { return ex.node.Name }

// Version is the node's typeVersion.
func (ex *Exec) Version() float64 { return ex.node.TypeVersion }

// RunIndex is the index of this run of the node.
func (ex *Exec) RunIndex() int { return ex.runIndex }

// OutputMayChange reports whether a later node may change this node's
// output objects in place (Compare Datasets' mix does, as in n8n, and the
// change shows in the run data of the node that made them). A node whose
// n8n original builds a new object per item ({...element}) may hand on an
// object it was given unchanged instead, and save the copy, only when this
// is false: nothing can then tell the two apart.
func (ex *Exec) OutputMayChange() bool { return ex.run.changed[ex.node.Name] }

// Mode is the execution mode ("manual", "trigger", "webhook", "cli").
func (ex *Exec) Mode() string { return ex.run.mode }

// Inputs returns the items of every main input (nil for a missing input).
func (ex *Exec) Inputs() [][]data.Item { return ex.inputs }

// Input returns the items of main input i (nil when missing).
func (ex *Exec) Input(i int) []data.Item {
	if i < 0 || i >= len(ex.inputs) {
		return nil
	}
	return ex.inputs[i]
}

// One is data.One(i), item i's pairedItem {item: i}, taken from the list
// of such entries the run shares (run.ownPaired) instead of allocated for
// each item a node outputs.
func (ex *Exec) One(i int) data.Paired {
	if ex.run == nil {
		return data.One(i)
	}
	return ex.run.ownPaired(0, i)
}

// Own returns item i of input in as n8n hands it to the node: its
// pairedItem pointing at its own position ({item: i}, with input for
// inputs past the first). A RawInputs node outputs input items through it.
func (ex *Exec) Own(in, i int) data.Item {
	it := ex.Input(in)[i]
	if ex.rawInputs && ex.run != nil {
		it.Paired = ex.run.ownPaired(in, i)
	}
	return it
}

// OwnList returns the pairedItem entries {item: 0} … {item: n-1} of the
// first input, shared with every run (a node whose one output item comes
// from all n inputs, as Aggregate's does). The caller must not change
// them.
func (ex *Exec) OwnList(n int) []data.PairedItem {
	if ex.run == nil || n == 0 {
		ps := make([]data.PairedItem, n)
		for i := range ps {
			ps[i].Item = i
		}
		return ps
	}
	return ex.run.pairedEntries(0, n)[:n:n]
}

// Params returns the node's raw parameters with defaults applied.
func (ex *Exec) Params() Params { return ex.params }

// Param returns the parameter at a dotted path with every expression inside
// it resolved for item itemIndex. A missing parameter returns (nil, nil)
// unless the type declares a default.
func (ex *Exec) Param(path string, itemIndex int) (any, error) {
	v, ok := ex.params.Get(path)
	if !ok {
		return nil, nil
	}
	return ex.resolve(path, v, itemIndex)
}

// ParamOr is Param with a fallback for a missing or undefined value.
func (ex *Exec) ParamOr(path string, itemIndex int, def any) (any, error) {
	v, err := ex.Param(path, itemIndex)
	if err != nil {
		return nil, err
	}
	if v == nil {
		if _, ok := ex.params.Get(path); !ok {
			return def, nil
		}
	}
	if data.IsUndefined(v) {
		return def, nil
	}
	return v, nil
}

// Evaluate resolves every expression inside value for item itemIndex; path
// names the parameter in error messages.
func (ex *Exec) Evaluate(path string, value any, itemIndex int) (any, error) {
	return ex.resolve(path, value, itemIndex)
}

// EvaluateWith is Evaluate with additional $-variables visible to the
// expressions (n8n's additionalKeys, e.g. $response and $pageCount).
func (ex *Exec) EvaluateWith(path string, value any, itemIndex int, extra map[string]any) (any, error) {
	return ex.resolveIn(path, value, itemIndex, extra)
}

func (ex *Exec) resolve(path string, v any, itemIndex int) (any, error) {
	return ex.resolveIn(path, v, itemIndex, nil)
}

func (ex *Exec) resolveIn(path string, v any, itemIndex int, extra map[string]any) (any, error) {
	return ex.resolveAt(path, v, itemIndex, extra, false)
}

// ParamView is Param for readers: subtrees without an expression are the
// workflow's own values, not copies, so the caller must not change the
// result. Hot per-item readers (If, Filter, Switch conditions) use it.
func (ex *Exec) ParamView(path string, itemIndex int) (any, error) {
	v, ok := ex.params.Get(path)
	if !ok {
		return nil, nil
	}
	return ex.resolveAt(path, v, itemIndex, nil, true)
}

func (ex *Exec) resolveAt(path string, v any, itemIndex int, extra map[string]any, share bool) (any, error) {
	r, err := ex.resolveTree(v, itemIndex, extra, share)
	if f, ok := err.(*exprFailure); ok {
		var b strings.Builder
		b.WriteString(path)
		for i := len(f.rev) - 1; i >= 0; i-- {
			b.WriteString(f.rev[i])
		}
		return nil, ex.expressionError(b.String(), itemIndex, f.err)
	}
	return r, err
}

// exprFailure carries a failed expression up the parameter tree; each
// level adds its key, so the path is built only when an error names it.
type exprFailure struct {
	err error
	rev []string // ".key" / ".index" from the failing value up
}

func (f *exprFailure) Error() string { return f.err.Error() }

// resolveTree resolves every expression inside v. share returns subtrees
// without expressions as they are instead of copying them.
func (ex *Exec) resolveTree(v any, itemIndex int, extra map[string]any, share bool) (any, error) {
	switch x := v.(type) {
	case string:
		if !isExpression(x) {
			return x, nil
		}
		var d scope.Data = ex.dataProxy(itemIndex)
		if extra != nil {
			d = extrasProxy{d.(*proxy), extra}
		}
		res, err := ex.run.eng.opts.Expressions.Evaluate(ex.ctx, x, d)
		if err != nil {
			return nil, &exprFailure{err: err}
		}
		return res, nil
	case *data.Object:
		if share && !HasExpression(x) {
			return x, nil
		}
		// n8n resolves nested values in place; copy so the workflow's raw
		// parameters stay untouched.
		out := data.NewObject(x.Len())
		for k, e := range x.All() {
			r, err := ex.resolveTree(e, itemIndex, extra, share)
			if err != nil {
				if f, ok := err.(*exprFailure); ok {
					f.rev = append(f.rev, "."+k)
				}
				return nil, err
			}
			out.Set(k, r)
		}
		return out, nil
	case []any:
		if share && !HasExpression(x) {
			return x, nil
		}
		out := make([]any, len(x))
		for i, e := range x {
			r, err := ex.resolveTree(e, itemIndex, extra, share)
			if err != nil {
				if f, ok := err.(*exprFailure); ok {
					f.rev = append(f.rev, "."+strconv.Itoa(i))
				}
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

// HasExpression reports whether a parameter value holds an expression (a
// string starting with "=") anywhere: a value without one needs no
// resolving per item.
func HasExpression(v any) bool {
	switch x := v.(type) {
	case string:
		return isExpression(x)
	case *data.Object:
		for i := range x.Len() {
			if HasExpression(x.ValueAt(i)) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if HasExpression(e) {
				return true
			}
		}
	}
	return false
}

func (ex *Exec) expressionError(path string, itemIndex int, err error) error {
	ne := &NodeError{Name: "ExpressionError", Message: err.Error(), ItemIndex: itemIndex, Err: err,
		Context: map[string]any{"parameter": path, "itemIndex": itemIndex, "runIndex": ex.runIndex}}
	if ee, ok := err.(*scope.Error); ok && ee.Description != "" {
		ne.Description = ee.Description
	}
	return ne
}

// ParamString resolves a parameter and requires a string. n8n's
// getNodeParameter does not convert; numbers are printed as JS does.
func (ex *Exec) ParamString(path string, itemIndex int) (string, error) {
	v, err := ex.Param(path, itemIndex)
	if err != nil {
		return "", err
	}
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return "", nil
	case string:
		return x, nil
	case float64:
		return data.FormatNumber(x, false), nil
	case bool:
		if x {
			return "true", nil
		}
		return "false", nil
	}
	return fmt.Sprint(v), nil
}

// ParamBool resolves a boolean parameter.
func (ex *Exec) ParamBool(path string, itemIndex int) (bool, error) {
	v, err := ex.Param(path, itemIndex)
	if err != nil {
		return false, err
	}
	switch x := v.(type) {
	case bool:
		return x, nil
	case nil, data.UndefinedType:
		return false, nil
	case string:
		return x == "true", nil
	case float64:
		return x != 0, nil
	}
	return false, OperationError(itemIndex, "Parameter %q of node %q must be a boolean, got %T", path, ex.node.Name, v)
}

// ParamNumber resolves a numeric parameter.
func (ex *Exec) ParamNumber(path string, itemIndex int) (float64, error) {
	v, err := ex.Param(path, itemIndex)
	if err != nil {
		return 0, err
	}
	switch x := v.(type) {
	case float64:
		return x, nil
	case int:
		return float64(x), nil
	case nil, data.UndefinedType:
		return 0, nil
	case string:
		var f float64
		if _, err := fmt.Sscan(x, &f); err == nil {
			return f, nil
		}
	}
	return 0, OperationError(itemIndex, "Parameter %q of node %q must be a number, got %v", path, ex.node.Name, v)
}

// ContinueOnFail reports whether the node must turn item errors into error
// items (onError continueRegularOutput/continueErrorOutput or legacy
// continueOnFail), as n8n's continueOnFail().
func (ex *Exec) ContinueOnFail() bool { return ex.node.OnErrorMode() != "stopWorkflow" }

// FailItem is what item i's error err makes of a node run that handles
// errors per item: under continueOnFail the item {"error": message}
// paired with item i; otherwise err as a NodeError naming item i (when
// it names none), to be returned.
func (ex *Exec) FailItem(err error, i int) (data.Item, error) {
	ne := AsNodeError(err)
	if ne.ItemIndex < 0 {
		ne.ItemIndex = i
	}
	if ex.ContinueOnFail() {
		return data.Item{JSON: data.ObjectOf("error", ne.Message), Paired: data.One(i)}, nil
	}
	return data.Item{}, ne
}

// Credentials returns the decrypted data of the node's credential of type
// typ. The values are secrets: never log or return them in items.
func (ex *Exec) Credentials(typ string) (map[string]any, error) {
	store := ex.run.eng.opts.Credentials
	if store == nil {
		return nil, OperationError(-1, "Node %q needs credentials of type %s, but no credentials were given (use --credentials FILE or the environment)", ex.node.Name, typ)
	}
	var ref *workflow.CredentialRef
	if r, ok := ex.node.Credentials[typ]; ok {
		ref = &r
	}
	c, err := store.Resolve(typ, ref)
	if err != nil {
		return nil, OperationError(-1, "Node %q: %v", ex.node.Name, err)
	}
	return c, nil
}

// UpdateCredentials replaces the data of the node's credential of type typ
// (n8n's updateCredentialsOauthTokenData), when the store can.
func (ex *Exec) UpdateCredentials(typ string, data map[string]any) error {
	u, ok := ex.run.eng.opts.Credentials.(CredentialUpdater)
	if !ok {
		return nil
	}
	var ref *workflow.CredentialRef
	if r, ok := ex.node.Credentials[typ]; ok {
		ref = &r
	}
	return u.Update(typ, ref, data)
}

// HTTP returns an HTTP client whose requests are host-mapped and rate
// limited under key (use the credential type, e.g. "notionApi").
func (ex *Exec) HTTP(key string) *http.Client { return ex.run.eng.http.For(key) }

// HTTPVariant is HTTP with a per-request transport setting (ignore TLS
// certificate errors, a proxy).
func (ex *Exec) HTTPVariant(key string, v httpx.Variant) (*http.Client, error) {
	return ex.run.eng.http.ForVariant(key, v)
}

// RequestConcurrency is how many HTTP requests the node may have in flight.
func (ex *Exec) RequestConcurrency() int { return ex.run.eng.opts.RequestConcurrency }

// Logger is the run's logger with the node's name attached.
func (ex *Exec) Logger() *slog.Logger { return ex.run.eng.log.With("node", ex.node.Name) }

// InstanceID is the instance id (Options.InstanceID).
func (ex *Exec) InstanceID() string { return ex.run.eng.opts.InstanceID }

// InstanceBaseURL is n8n's getInstanceBaseUrl(): the public base URL,
// ending in "/" (n8n-go has no separate editor URL, so the webhook base).
func (ex *Exec) InstanceBaseURL() string { return ex.run.eng.opts.WebhookBaseURL }

// Now is the run's clock.
func (ex *Exec) Now() time.Time { return ex.run.eng.now() }

// Location is the workflow's time zone.
func (ex *Exec) Location() *time.Location { return ex.run.loc }

// Context is the run's context (also passed to Execute).
func (ex *Exec) Context() context.Context { return ex.ctx }

// Binary is the store nodes create and read binary data with.
func (ex *Exec) Binary() binary.Store {
	return binary.Store{Dir: ex.run.eng.opts.BinaryDir, MemoryLimit: ex.run.eng.opts.BinaryMemoryLimit}
}

// AllowedPaths are the folders the file nodes may read and write (empty:
// any).
func (ex *Exec) AllowedPaths() []string { return ex.run.eng.opts.AllowedPaths }

// ExpressionData returns what an expression sees for item itemIndex.
func (ex *Exec) ExpressionData(itemIndex int) scope.Data { return ex.dataProxy(itemIndex) }

// Expressions is the run's expression evaluator (scripts bridge to its
// DateTime implementation).
func (ex *Exec) Expressions() Evaluator { return ex.run.eng.opts.Expressions }

// AssertBinary is n8n's assertBinaryData: the binary field prop of input
// item i, or the error n8n gives when the item has no binary data or not
// that field.
func (ex *Exec) AssertBinary(i int, prop string) (*data.Object, error) {
	it := ex.Input(0)[i]
	if it.Binary == nil {
		e := OperationError(i, "This operation expects the node's input data to contain a binary file '%s', but none was found [item %d]", prop, i)
		e.Description = "Make sure that the previous node outputs a binary file"
		return nil, e
	}
	bin, _ := it.Binary.Value(prop).(*data.Object)
	if bin == nil {
		e := OperationError(i, "The item has no binary field '%s' [item %d]", prop, i)
		e.Description = "Check that the parameter where you specified the input binary field name is correct, and that it matches a field in the binary input"
		return nil, e
	}
	return bin, nil
}

// As returns a copy of ex that runs as typeVersion version with params
// (nil: ex's own) overlaid on defaults. Legacy nodes use it to delegate to
// the newer node that took over their operation (Item Lists → Split Out,
// Aggregate, …), which reads its own defaults and version.
func (ex *Exec) As(version float64, params *data.Object, defaults map[string]any) *Exec {
	n := *ex.node
	n.TypeVersion = version
	if params == nil {
		params = ex.params.Object
	}
	// Field by field: the copy must not share ex's proxy (lastProxy), which
	// reads ex's parameters.
	return &Exec{ctx: ex.ctx, run: ex.run, node: &n, typ: ex.typ, params: withDefaults(params, defaults),
		inputs: ex.inputs, rawInputs: ex.rawInputs, runIndex: ex.runIndex, source: ex.source}
}
