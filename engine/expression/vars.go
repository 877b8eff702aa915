package expression

import (
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/scope"
)

// getter is implemented by runtime objects with JavaScript properties.
type getter interface {
	get(key string) (any, error)
}

// methoder is implemented by runtime objects with methods; found is false
// when the object has no method of that name.
type methoder interface {
	method(st *state, name string, args []any) (v any, found bool, err error)
}

// nodeContext is a copy of node name's context values (n8n's
// nodeContextGetter): an expression can read but not change them.
func (s *state) nodeContext(name string) *data.Object {
	if nc, ok := s.d.(scope.NodeContexts); ok {
		if o := nc.NodeContext(name); o != nil {
			return data.CloneObject(o)
		}
	}
	return data.NewObject(0)
}

func errNoExecutionData() error { return &Error{Message: "No execution data available"} }

func (s *state) currentItem() (data.Item, error) {
	items := s.d.InputItems()
	i := s.d.ItemIndex()
	if i < 0 || i >= len(items) {
		return data.Item{}, errNoExecutionData()
	}
	return items[i], nil
}

// currentData is currentItem for reading its json and binary alone.
func (s *state) currentData() (data.Item, error) {
	in, ok := s.d.(scope.InputData)
	if !ok {
		return s.currentItem()
	}
	items := in.InputData()
	i := s.d.ItemIndex()
	if i < 0 || i >= len(items) {
		return data.Item{}, errNoExecutionData()
	}
	return items[i], nil
}

func (s *state) json() (any, error) {
	it, err := s.currentData()
	if err != nil {
		return nil, err
	}
	if it.JSON == nil {
		return data.NewObject(0), nil
	}
	return it.JSON, nil
}

// variable resolves the $-names other than $json and $(…).
func (s *state) variable(name string) (any, error) {
	d := s.d
	if x, ok := d.(scope.Extras); ok {
		if v, ok := x.Extra(name); ok {
			return v, nil
		}
	}
	switch name {
	case "$binary":
		it, err := s.currentData()
		if err != nil {
			return nil, err
		}
		return binaryMeta(it.Binary), nil
	case "$input":
		return &inputProxy{st: s}, nil
	case "$node":
		return &legacyNodes{st: s}, nil
	case "$runIndex", "$thisRunIndex":
		return float64(d.RunIndex()), nil
	case "$itemIndex", "$thisItemIndex", "$position":
		return float64(d.ItemIndex()), nil
	case "$thisItem":
		it, err := s.currentItem()
		if err != nil {
			return nil, err
		}
		return &itemRef{it}, nil
	case "$prevNode":
		name, out, run, ok := d.PrevNode()
		if !ok {
			return data.NewObject(0), nil
		}
		return data.ObjectOf("name", name, "outputIndex", float64(out), "runIndex", float64(run)), nil
	case "$workflow":
		w := d.Workflow()
		var id any = w.ID
		if w.ID == "" {
			id = undef
		}
		return data.ObjectOf("id", id, "name", w.Name, "active", w.Active), nil
	case "$execution":
		x := d.Execution()
		return data.ObjectOf(
			"id", x.ID, "mode", x.Mode, "resumeUrl", x.ResumeURL, "resumeFormUrl", formURL(x),
			"customData", &customData{},
		), nil
	case "$executionId":
		return d.Execution().ID, nil
	case "$resumeWebhookUrl":
		return d.Execution().ResumeURL, nil
	case "$vars":
		v := d.Vars()
		if v == nil {
			return data.NewObject(0), nil
		}
		return v, nil
	case "$env":
		env, allowed := d.Env()
		return &envProxy{env: env, allowed: allowed && s.e.opts.AllowEnv}, nil
	case "$now":
		return newDateTime(s.proxyNow(), d.Location()), nil
	case "$today":
		return newDateTime(s.proxyNow(), d.Location()).startOf("day"), nil
	case "$parameter", "$rawParameter":
		p := d.Parameters()
		if p == nil {
			return data.NewObject(0), nil
		}
		return p, nil
	case "$mode":
		return d.Execution().Mode, nil
	case "$items":
		return &builtinFn{name: "$items", fn: func(st *state, _ any, args []any) (any, error) { return st.legacyItems(args) }}, nil
	case "$item":
		return &builtinFn{name: "$item", fn: func(st *state, _ any, args []any) (any, error) {
			if len(args) == 0 {
				return nil, &Error{Message: "No item index provided"}
			}
			idx := int(toInteger(args[0]))
			return &itemScope{st: &state{ctx: st.ctx, d: indexedData{st.d, idx}, e: st.e, steps: st.steps}}, nil
		}}, nil
	}
	return undef, nil
}

func formURL(x scope.ExecutionInfo) string {
	if x.ResumeFormURL != "" {
		return x.ResumeFormURL
	}
	return x.ResumeURL
}

func binaryMeta(b *data.Object) *data.Object {
	out := data.NewObject(b.Len())
	for k, v := range b.All() {
		m, ok := v.(*data.Object)
		if !ok {
			out.Set(k, v)
			continue
		}
		c := m.Clone()
		c.Delete("data")
		out.Set(k, c)
	}
	return out
}

// indexedData is Data seen from another item ($item(i)).
type indexedData struct {
	Data
	idx int
}

func (d indexedData) ItemIndex() int { return d.idx }

// itemScope is $item(i): a scope object with $json, $binary, $node, ….
type itemScope struct{ st *state }

func (x *itemScope) get(key string) (any, error) {
	if key == "$json" || key == "$data" {
		return x.st.json()
	}
	if len(key) > 1 && key[0] == '$' {
		return x.st.variable(key)
	}
	return undef, nil
}

func (x *itemScope) method(st *state, name string, args []any) (any, bool, error) {
	if name == "$" && len(args) > 0 {
		v, err := x.st.node(args[0])
		return v, true, err
	}
	return nil, false, nil
}

// itemRef is an item {json, binary, pairedItem} as expressions see it.
type itemRef struct{ it data.Item }

func (r *itemRef) get(key string) (any, error) {
	switch key {
	case "json", "data":
		if r.it.JSON == nil {
			return data.NewObject(0), nil
		}
		return r.it.JSON, nil
	case "binary":
		if r.it.Binary == nil {
			return undef, nil
		}
		return r.it.Binary, nil
	case "pairedItem":
		return pairedValue(r.it.Paired), nil
	case "index":
		return undef, nil
	}
	return undef, nil
}

func (r *itemRef) has(key string) bool {
	switch key {
	case "json":
		return true
	case "binary":
		return r.it.Binary != nil
	case "pairedItem":
		return r.it.Paired.IsSet()
	}
	return false
}

func (r *itemRef) keys() []string {
	k := []string{"json"}
	if r.it.Binary != nil {
		k = append(k, "binary")
	}
	if r.it.Paired.IsSet() {
		k = append(k, "pairedItem")
	}
	return k
}

func (r *itemRef) plain() any {
	var j any = r.it.JSON
	if r.it.JSON == nil {
		j = data.NewObject(0)
	}
	m := data.ObjectOf("json", j)
	if r.it.Binary != nil {
		m.Set("binary", r.it.Binary)
	}
	if r.it.Paired.IsSet() {
		m.Set("pairedItem", pairedValue(r.it.Paired))
	}
	return m
}

func pairedValue(p data.Paired) any {
	one := func(pi data.PairedItem) *data.Object {
		m := data.ObjectOf("item", float64(pi.Item))
		if pi.HasInput || pi.Input != 0 {
			m.Set("input", float64(pi.Input))
		}
		return m
	}
	switch p.Shape {
	case data.PairedNone:
		return undef
	case data.PairedNumber:
		if len(p.List()) > 0 {
			return float64(p.List()[0].Item)
		}
		return 0.0
	case data.PairedObject:
		if len(p.List()) > 0 {
			return one(p.List()[0])
		}
		return data.NewObject(0)
	}
	out := make([]any, len(p.List()))
	for i, pi := range p.List() {
		out[i] = one(pi)
	}
	return out
}

func itemsValue(items []data.Item) []any {
	out := make([]any, len(items))
	for i := range items {
		out[i] = &itemRef{items[i]}
	}
	return out
}

// node is $('X').
func (s *state) node(nameV any) (any, error) {
	name, ok := nameV.(string)
	if !ok {
		if isNullish(nameV) {
			return nil, &Error{Message: "When calling $(), please specify a node"}
		}
		name = toString(nameV)
	}
	if !s.d.NodeExists(name) {
		return nil, &Error{Message: "Referenced node doesn't exist", Description: "No node called '" + name + "' in this workflow"}
	}
	return &nodeProxy{st: s, name: name}, nil
}

// nodeProxy is the value of $('X').
type nodeProxy struct {
	st   *state
	name string
}

func (n *nodeProxy) get(key string) (any, error) {
	switch key {
	case "item":
		it, err := n.st.d.PairedItem(n.name, n.st.d.ItemIndex())
		if err != nil {
			return nil, err
		}
		return &itemRef{it}, nil
	case "isExecuted":
		return n.st.d.IsExecuted(n.name), nil
	case "params":
		p, _ := n.st.d.NodeParameters(n.name)
		if p == nil {
			return data.NewObject(0), nil
		}
		return p, nil
	case "context":
		return n.st.nodeContext(n.name), nil
	}
	return undef, nil
}

func (n *nodeProxy) method(st *state, name string, args []any) (any, bool, error) {
	branchRun := func() (int, int) {
		out, run := -1, -1
		if len(args) > 0 && !isNullish(args[0]) {
			out = int(toInteger(args[0]))
		}
		if len(args) > 1 && !isNullish(args[1]) {
			run = int(toInteger(args[1]))
		}
		return out, run
	}
	switch name {
	case "all", "first", "last":
		out, run := branchRun()
		items, err := n.st.d.NodeOutput(n.name, out, run)
		if err != nil {
			return nil, true, err
		}
		switch name {
		case "all":
			return itemsValue(items), true, nil
		case "first":
			if len(items) == 0 {
				return undef, true, nil
			}
			return &itemRef{items[0]}, true, nil
		default:
			if len(items) == 0 {
				return undef, true, nil
			}
			return &itemRef{items[len(items)-1]}, true, nil
		}
	case "itemMatching", "pairedItem":
		idx := n.st.d.ItemIndex()
		if len(args) > 0 && !isNullish(args[0]) {
			idx = int(toInteger(args[0]))
		} else if name == "itemMatching" {
			return nil, true, &Error{Message: "Missing item index for .itemMatching()"}
		}
		it, err := n.st.d.PairedItem(n.name, idx)
		if err != nil {
			return nil, true, err
		}
		return &itemRef{it}, true, nil
	}
	return nil, false, nil
}

func (n *nodeProxy) plain() any { return data.NewObject(0) }

// inputProxy is $input.
type inputProxy struct{ st *state }

func (p *inputProxy) get(key string) (any, error) {
	switch key {
	case "item":
		it, err := p.st.currentItem()
		if err != nil {
			return nil, err
		}
		return &itemRef{it}, nil
	case "params":
		if prm := p.st.d.Parameters(); prm != nil {
			name, _, _, ok := p.st.d.PrevNode()
			if ok {
				if np, ok := p.st.d.NodeParameters(name); ok {
					return np, nil
				}
			}
		}
		return data.NewObject(0), nil
	case "context":
		// n8n reads the context of the node feeding the input.
		if name, _, _, ok := p.st.d.PrevNode(); ok {
			return p.st.nodeContext(name), nil
		}
		return data.NewObject(0), nil
	}
	return undef, nil
}

func (p *inputProxy) method(st *state, name string, args []any) (any, bool, error) {
	items := p.st.d.InputItems()
	switch name {
	case "all":
		return itemsValue(items), true, nil
	case "first", "last":
		if len(args) > 0 {
			return nil, true, &Error{Message: "$input." + name + "() should have no arguments"}
		}
		if len(items) == 0 {
			return undef, true, nil
		}
		if name == "first" {
			return &itemRef{items[0]}, true, nil
		}
		return &itemRef{items[len(items)-1]}, true, nil
	}
	return nil, false, nil
}

func (p *inputProxy) plain() any { return data.NewObject(0) }

// legacyNodes is $node; $node["X"] is positional access to X's output.
type legacyNodes struct{ st *state }

func (l *legacyNodes) get(key string) (any, error) {
	if !l.st.d.NodeExists(key) {
		return nil, &Error{Message: "Referenced node doesn't exist", Description: "No node called '" + key + "' in this workflow"}
	}
	return &legacyNode{st: l.st, name: key}, nil
}

func (l *legacyNodes) plain() any { return data.NewObject(0) }

type legacyNode struct {
	st   *state
	name string
}

func (n *legacyNode) item() (data.Item, bool, error) {
	items, err := n.st.d.NodeOutput(n.name, 0, -1)
	if err != nil {
		return data.Item{}, false, err
	}
	i := n.st.d.ItemIndex()
	if i < 0 || i >= len(items) {
		return data.Item{}, false, nil
	}
	return items[i], true, nil
}

func (n *legacyNode) get(key string) (any, error) {
	switch key {
	case "json", "data", "binary":
		it, ok, err := n.item()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &Error{Message: "No data found for item-index: \"" + numberToString(float64(n.st.d.ItemIndex())) + "\""}
		}
		return (&itemRef{it}).get(key)
	case "parameter":
		p, _ := n.st.d.NodeParameters(n.name)
		if p == nil {
			return data.NewObject(0), nil
		}
		return p, nil
	case "context":
		return n.st.nodeContext(n.name), nil
	case "runIndex":
		return float64(n.st.d.RunIndex()), nil
	}
	return undef, nil
}

func (n *legacyNode) plain() any { return data.NewObject(0) }

// legacyItems is $items(name?, output, run).
func (s *state) legacyItems(args []any) (any, error) {
	if len(args) == 0 || isNullish(args[0]) {
		return itemsValue(s.d.InputItems()), nil
	}
	name := toString(args[0])
	if !s.d.NodeExists(name) {
		return nil, &Error{Message: "Referenced node doesn't exist", Description: "No node called '" + name + "' in this workflow"}
	}
	out, run := 0, -1
	if len(args) > 1 && !isNullish(args[1]) {
		out = int(toInteger(args[1]))
	}
	if len(args) > 2 && !isNullish(args[2]) {
		run = int(toInteger(args[2]))
	}
	items, err := s.d.NodeOutput(name, out, run)
	if err != nil {
		return nil, err
	}
	return itemsValue(items), nil
}

// envProxy is $env.
type envProxy struct {
	env     map[string]string
	allowed bool
}

func (p *envProxy) get(key string) (any, error) {
	if !p.allowed {
		return nil, &Error{Message: "access to env vars denied", Description: "If you need access please contact the administrator to remove the environment variable 'N8N_BLOCK_ENV_ACCESS_IN_NODE'"}
	}
	v, ok := p.env[key]
	if !ok {
		return undef, nil
	}
	return v, nil
}

func (p *envProxy) plain() any {
	if !p.allowed {
		return data.NewObject(0)
	}
	m := data.NewObject(len(p.env))
	for _, k := range sortedStringKeys(p.env) {
		m.Set(k, p.env[k])
	}
	return m
}

// customData is $execution.customData. With an execution that keeps custom
// data (scope.CustomData) it reads and writes it with n8n's rules; without
// one, writes are kept only for this evaluation.
type customData struct {
	m *data.Object
}

func (c *customData) method(st *state, name string, args []any) (any, bool, error) {
	cd, ok := st.d.(scope.CustomData)
	if !ok {
		return c.local(name, args)
	}
	set := func(k, v any) error {
		if err := cd.SetCustomData(k, v); err != nil && cd.StrictCustomData() {
			return &Error{Message: err.Error()}
		}
		return nil
	}
	switch name {
	case "set":
		return undef, true, set(arg(args, 0), arg(args, 1))
	case "setAll":
		var first error
		if m, ok := arg(args, 0).(*data.Object); ok {
			for k, v := range m.All() {
				if err := set(k, v); err != nil && first == nil {
					first = err
				}
			}
		}
		return undef, true, first
	case "get":
		v, ok := cd.CustomData().Get(toString(arg(args, 0)))
		if !ok {
			return undef, true, nil
		}
		return v, true, nil
	case "getAll":
		return cd.CustomData(), true, nil
	}
	return nil, false, nil
}

func (c *customData) local(name string, args []any) (any, bool, error) {
	if c.m == nil {
		c.m = data.NewObject(0)
	}
	switch name {
	case "set":
		c.m.Set(toString(arg(args, 0)), toString(arg(args, 1)))
		return undef, true, nil
	case "setAll":
		if m, ok := arg(args, 0).(*data.Object); ok {
			for k, v := range m.All() {
				c.m.Set(k, toString(v))
			}
		}
		return undef, true, nil
	case "get":
		v, ok := c.m.Get(toString(arg(args, 0)))
		if !ok {
			return undef, true, nil
		}
		return v, true, nil
	case "getAll":
		return c.m.Clone(), true, nil
	}
	return nil, false, nil
}

func (c *customData) plain() any { return data.NewObject(0) }
