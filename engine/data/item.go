// Package data holds the values that flow between n8n nodes: items, their
// pairedItem links and the JavaScript "undefined" value. It is a leaf package
// shared by the engine, the expression evaluator and every node.
package data

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"unsafe"
)

// JSON values inside items are nil, bool, float64, string, []any and *Object
// (ParseJSON produces exactly these). Nodes may also put int, int64 and
// json.Number into items; consumers must accept them. A map[string]any is
// tolerated by the writers (keys sorted) but nodes must not produce one.

// Item is one n8n item: INodeExecutionData.
type Item struct {
	JSON   *Object
	Binary *Object // nil when the item has no binary data
	Paired Paired
	// Error is the item's top-level "error" that some nodes set for a failed
	// item under continueOnFail, beside json (ItemError); nil for none.
	Error *ItemError
}

// ItemError is an item's top-level "error": a string (n8n nodes that push
// {json:{}, error: error.message}) or an error value. The engine then
// rewrites json as n8n does, and run data keeps the field. It is held
// through a pointer because almost no item has one: an interface field
// made every Item 8 bytes larger.
type ItemError struct {
	V any // a string or an error
}

// ErrorOf returns the ItemError for v: nil when v is nil.
func ErrorOf(v any) *ItemError {
	if v == nil {
		return nil
	}
	return &ItemError{V: v}
}

// PairedItem is one entry of n8n's pairedItem: {item, input?}.
type PairedItem struct {
	Item int
	// Input is the index into the producing run's source list (0 when
	// absent). It is an int32 so that a PairedItem, which every item carries,
	// stays 24 bytes with the fields below.
	Input int32
	// HasInput records whether n8n writes the "input" key (it omits it when the
	// engine rewrote pairedItem for input 0, but some nodes write input:0).
	HasInput bool
	// OverwriteFirst writes "sourceOverwrite" before "item", the key order of
	// the items Loop Over Items collects for its "done" output.
	OverwriteFirst bool
	// SourceOverwrite replaces the producing run's source when pairedItem is
	// followed back (Loop Over Items points items of later iterations at the
	// run that fed its first iteration). nil when absent.
	SourceOverwrite *Source
}

// Source is n8n's ISourceData inside a pairedItem: the node, output and run
// an item came from.
type Source struct {
	PreviousNode       string
	PreviousNodeOutput int
	PreviousNodeRun    int
}

func (s *Source) marshal(b *Buf) {
	b.WriteString(`{"previousNode":`)
	enc, _ := json.Marshal(s.PreviousNode)
	b.Write(enc)
	if s.PreviousNodeOutput != 0 {
		fmt.Fprintf(b, `,"previousNodeOutput":%d`, s.PreviousNodeOutput)
	}
	if s.PreviousNodeRun != 0 {
		fmt.Fprintf(b, `,"previousNodeRun":%d`, s.PreviousNodeRun)
	}
	b.WriteByte('}')
}

// Paired is an item's pairedItem in the exact shape n8n emits, because run
// data golden files distinguish {item:0}, [{item:0}] and 0.
//
// Its list is held as a pointer and a length, not a slice: every item
// carries a Paired, and the slice's capacity word made an Item 64 bytes
// where it is now 48 (a quarter less for every item list a run holds:
// ~30 MB at 500,000 items). The list is read through List, whose
// capacity equals its length, so appending to it never writes into a
// list that other items share.
type Paired struct {
	list  *PairedItem // the first entry; nil for a nil list
	n     int32
	Shape PairedShape
}

// MakePaired returns the pairedItem of shape with list's entries (shared,
// not copied). A nil list stays nil; an empty one stays empty.
func MakePaired(list []PairedItem, shape PairedShape) Paired {
	// An item's pairedItem never nears 2^31 entries (a list that long
	// would not fit in memory with the items it points at).
	return Paired{list: unsafe.SliceData(list), n: int32(min(len(list), math.MaxInt32)), Shape: shape}
}

// List returns the entries: nil when the list is nil, its capacity
// its length.
func (p Paired) List() []PairedItem {
	if p.list == nil {
		return nil
	}
	return unsafe.Slice(p.list, p.n)
}

// PairedShape is how a pairedItem value is written in JSON.
type PairedShape uint8

const (
	PairedNone   PairedShape = iota // no pairedItem key
	PairedObject                    // {"item":0}
	PairedArray                     // [{"item":0},…]
	PairedNumber                    // 0 (legacy nodes)
)

// One returns the common single-object form {item: i}.
func One(i int) Paired { return Paired{list: &PairedItem{Item: i}, n: 1, Shape: PairedObject} }

// OneInput returns {item: i, input: in}; input is written even when 0.
func OneInput(i, in int) Paired {
	return Paired{list: &PairedItem{Item: i, Input: int32(in), HasInput: true}, n: 1, Shape: PairedObject}
}

// Many returns the array form.
func Many(ps ...PairedItem) Paired { return MakePaired(ps, PairedArray) }

// IsSet reports whether the item carries pairedItem information.
func (p Paired) IsSet() bool { return p.Shape != PairedNone }

// MarshalJSON writes the item as n8n does: {"json":…, "binary"?:…,
// "pairedItem"?:…}; an item a node failed under continueOnFail is built as
// {error, json, pairedItem} by n8n's nodes, so "error" comes first.
func (it Item) MarshalJSON() ([]byte, error) {
	var b Buf
	if err := AppendItem(&b, &it); err != nil {
		return nil, err
	}
	return b, nil
}

// AppendItem is Item.MarshalJSON writing into b, so a writer of many items
// reuses one buffer instead of allocating one per item.
func AppendItem(b *Buf, it *Item) error {
	e := encoder{b: b}
	return e.item(it)
}

// item writes it; the encoder's flush streams large items.
func (e *encoder) item(it *Item) error {
	b := e.b
	b.WriteByte('{')
	if it.Error != nil {
		b.WriteString(`"error":`)
		var ev any = it.Error.V
		if e, ok := it.Error.V.(error); ok {
			if _, m := it.Error.V.(json.Marshaler); !m {
				ev = ObjectOf("message", e.Error())
			}
		}
		if err := e.value(ev); err != nil {
			return err
		}
		b.WriteByte(',')
	}
	b.WriteString(`"json":`)
	j := it.JSON
	if j == nil {
		j = &Object{}
	}
	if err := e.value(j); err != nil {
		return err
	}
	if it.Binary != nil {
		b.WriteString(`,"binary":`)
		if err := e.value(it.Binary); err != nil {
			return err
		}
	}
	if it.Paired.IsSet() {
		b.WriteString(`,"pairedItem":`)
		it.Paired.append(b)
	}
	b.WriteByte('}')
	return nil
}

// UnmarshalJSON reads {"json":…, "binary"?:…, "pairedItem"?:…}.
func (it *Item) UnmarshalJSON(b []byte) error {
	var raw struct {
		JSON       *Object         `json:"json"`
		Binary     *Object         `json:"binary"`
		PairedItem json.RawMessage `json:"pairedItem"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	it.JSON, it.Binary = raw.JSON, raw.Binary
	if it.JSON == nil {
		it.JSON = &Object{}
	}
	it.Paired = Paired{}
	if len(raw.PairedItem) > 0 && string(raw.PairedItem) != "null" {
		return it.Paired.UnmarshalJSON(raw.PairedItem)
	}
	return nil
}

func (p PairedItem) marshal(b *Buf) {
	b.WriteByte('{')
	if p.SourceOverwrite != nil && p.OverwriteFirst {
		b.WriteString(`"sourceOverwrite":`)
		p.SourceOverwrite.marshal(b)
		b.WriteByte(',')
	}
	b.WriteString(`"item":`)
	b.AppendInt(int64(p.Item))
	if p.HasInput || p.Input != 0 {
		b.WriteString(`,"input":`)
		b.AppendInt(int64(p.Input))
	}
	if p.SourceOverwrite != nil && !p.OverwriteFirst {
		b.WriteString(`,"sourceOverwrite":`)
		p.SourceOverwrite.marshal(b)
	}
	b.WriteByte('}')
}

// MarshalJSON writes the pairedItem in its recorded shape.
func (p Paired) MarshalJSON() ([]byte, error) {
	var b Buf
	p.append(&b)
	return b, nil
}

func (p Paired) append(b *Buf) {
	list := p.List()
	switch p.Shape {
	case PairedNone:
		b.WriteString("null")
		return
	case PairedNumber:
		if len(list) > 0 {
			b.AppendInt(int64(list[0].Item))
			return
		}
		b.WriteString("0")
		return
	case PairedObject:
		if len(list) > 0 {
			list[0].marshal(b)
			return
		}
		b.WriteString("{}")
		return
	}
	b.WriteByte('[')
	for i, e := range list {
		if i > 0 {
			b.WriteByte(',')
		}
		e.marshal(b)
	}
	b.WriteByte(']')
}

// UnmarshalJSON accepts a number, an object or an array of objects/numbers.
func (p *Paired) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*p = Paired{}
		return nil
	}
	type obj struct {
		Item            int  `json:"item"`
		Input           *int `json:"input"`
		SourceOverwrite *struct {
			PreviousNode       string `json:"previousNode"`
			PreviousNodeOutput int    `json:"previousNodeOutput"`
			PreviousNodeRun    int    `json:"previousNodeRun"`
		} `json:"sourceOverwrite"`
	}
	conv := func(o obj) PairedItem {
		pi := PairedItem{Item: o.Item}
		if o.Input != nil {
			pi.Input, pi.HasInput = int32(*o.Input), true
		}
		if so := o.SourceOverwrite; so != nil {
			pi.SourceOverwrite = &Source{PreviousNode: so.PreviousNode, PreviousNodeOutput: so.PreviousNodeOutput, PreviousNodeRun: so.PreviousNodeRun}
		}
		return pi
	}
	switch b[0] {
	case '[':
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return fmt.Errorf("pairedItem: %w", err)
		}
		list := make([]PairedItem, 0, len(raw))
		for _, r := range raw {
			var one Paired
			if err := one.UnmarshalJSON(r); err != nil {
				return err
			}
			list = append(list, one.List()...)
		}
		*p = MakePaired(list, PairedArray)
	case '{':
		var o obj
		if err := json.Unmarshal(b, &o); err != nil {
			return fmt.Errorf("pairedItem: %w", err)
		}
		pi := conv(o)
		// The key order comes back too (sourceOverwrite first, as Loop
		// Over Items writes it).
		pi.OverwriteFirst = pi.SourceOverwrite != nil && bytes.HasPrefix(bytes.TrimLeft(b[1:], " \t\r\n"), []byte(`"sourceOverwrite"`))
		*p = Paired{list: &pi, n: 1, Shape: PairedObject}
	default:
		var n int
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("pairedItem: %w", err)
		}
		*p = Paired{list: &PairedItem{Item: n}, n: 1, Shape: PairedNumber}
	}
	return nil
}
