package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Case files are rewritten by `test --update`; they are printed so that a
// person can read and edit them: key order kept, and any object or array
// that fits on a line (an item, usually) kept on one line.

// lineWidth is the widest a value may be to stay on one line.
const lineWidth = 100

// jnode is a JSON value with object keys in document order.
type jnode struct {
	scalar []byte // set for strings, numbers, booleans and null
	obj    bool
	keys   []string
	elems  []*jnode
}

func parseOrdered(b []byte) (*jnode, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	n, err := readNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the JSON value")
	}
	return n, nil
}

func readNode(dec *json.Decoder) (*jnode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &jnode{obj: t == '{'}
		for dec.More() {
			if n.obj {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k.(string))
			}
			e, err := readNode(dec)
			if err != nil {
				return nil, err
			}
			n.elems = append(n.elems, e)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		if n.elems == nil {
			n.elems = []*jnode{}
		}
		return n, nil
	case json.Number:
		return &jnode{scalar: []byte(t)}, nil
	default:
		b, err := data.MarshalValue(t)
		return &jnode{scalar: b}, err
	}
}

func (n *jnode) isScalar() bool { return n.scalar != nil }

func (n *jnode) compact(w *strings.Builder) {
	if n.isScalar() {
		w.Write(n.scalar)
		return
	}
	open, end := "[", "]"
	if n.obj {
		open, end = "{", "}"
	}
	w.WriteString(open)
	for i, e := range n.elems {
		if i > 0 {
			w.WriteString(", ")
		}
		if n.obj {
			k, _ := data.MarshalValue(n.keys[i])
			w.Write(k)
			w.WriteString(": ")
		}
		e.compact(w)
	}
	w.WriteString(end)
}

func (n *jnode) pretty(w *strings.Builder, indent string) {
	var c strings.Builder
	n.compact(&c)
	if n.isScalar() || len(n.elems) == 0 || len(indent)+c.Len() <= lineWidth {
		w.WriteString(c.String())
		return
	}
	open, end := "[", "]"
	if n.obj {
		open, end = "{", "}"
	}
	inner := indent + "  "
	w.WriteString(open + "\n")
	for i, e := range n.elems {
		w.WriteString(inner)
		if n.obj {
			k, _ := data.MarshalValue(n.keys[i])
			w.Write(k)
			w.WriteString(": ")
		}
		e.pretty(w, inner)
		if i < len(n.elems)-1 {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
	}
	w.WriteString(indent + end)
}

// prettyJSON reprints a JSON document for a case file.
func prettyJSON(b []byte) ([]byte, error) {
	n, err := parseOrdered(b)
	if err != nil {
		return nil, fmt.Errorf("reformat: %w", err)
	}
	var w strings.Builder
	n.pretty(&w, "")
	w.WriteByte('\n')
	return []byte(w.String()), nil
}
