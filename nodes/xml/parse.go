package xml

import (
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
)

// parseOptions are xml2js Parser options n8n passes (mergeAttrs and
// explicitArray false by default).
type parseOptions struct {
	attrKey, charKey               string
	explicitArray, explicitRoot    bool
	ignoreAttrs, mergeAttrs        bool
	normalize, normalizeTags, trim bool
	explicitCharkey                bool
}

var dangerous = map[string]bool{"__proto__": true, "constructor": true, "prototype": true}

func sanitize(name string) string {
	if dangerous[name] {
		return "sanitized_" + name
	}
	return name
}

type frame struct {
	name  string
	obj   *data.Object
	text  strings.Builder
	cdata bool
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var wsOnly = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*$`)
})
var wsRun = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\s{2,}`)
})

// parseXML is xml2js's parseString: elements become objects, text-only
// elements strings, repeated names arrays (or always arrays with
// explicitArray).
func parseXML(src string, o parseOptions) (any, error) {
	dec := xml.NewDecoder(strings.NewReader(src))
	dec.Strict = true
	var stack []*frame
	var result any
	done := false
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if done {
				return nil, errors.New("Text data outside of root node.")
			}
			f := &frame{name: qname(t.Name), obj: data.NewObject(len(t.Attr) + 1)}
			if o.normalizeTags {
				f.name = strings.ToLower(f.name)
			}
			f.name = sanitize(f.name)
			f.obj.Set(o.charKey, "")
			if !o.ignoreAttrs {
				for _, a := range t.Attr {
					k := sanitize(qname(a.Name))
					if o.mergeAttrs {
						add(f.obj, k, a.Value, o.explicitArray)
						continue
					}
					attrs, _ := f.obj.Value(o.attrKey).(*data.Object)
					if attrs == nil {
						attrs = data.NewObject(len(t.Attr))
						f.obj.Set(o.attrKey, attrs)
					}
					attrs.Set(k, a.Value)
				}
			}
			stack = append(stack, f)
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			} else if strings.TrimSpace(string(t)) != "" {
				return nil, errors.New("Non-whitespace before first tag.")
			}
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, errors.New("Unmatched closing tag")
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			v := closeElement(f, o)
			if len(stack) == 0 {
				result, done = v, true
				if o.explicitRoot {
					result = data.ObjectOf(f.name, v)
				}
				continue
			}
			add(stack[len(stack)-1].obj, f.name, v, o.explicitArray)
		}
	}
	if len(stack) > 0 {
		return nil, errors.New("Unclosed root tag")
	}
	if !done {
		return nil, nil
	}
	return result, nil
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func closeElement(f *frame, o parseOptions) any {
	obj := f.obj
	text := f.text.String()
	emptyStr := ""
	if wsOnly().MatchString(text) && !f.cdata {
		emptyStr = text
		obj.Delete(o.charKey)
	} else {
		if o.trim {
			text = strings.TrimSpace(text)
		}
		if o.normalize {
			text = strings.TrimSpace(wsRun().ReplaceAllString(text, " "))
		}
		obj.Set(o.charKey, text)
	}
	if obj.Len() == 0 {
		return emptyStr
	}
	if !o.explicitCharkey && obj.Len() == 1 && obj.Has(o.charKey) {
		return obj.Value(o.charKey)
	}
	return obj
}

func add(obj *data.Object, k string, v any, explicitArray bool) {
	cur, ok := obj.Get(k)
	if !ok {
		if explicitArray {
			obj.Set(k, []any{v})
		} else {
			obj.Set(k, v)
		}
		return
	}
	if arr, isArr := cur.([]any); isArr {
		obj.Set(k, append(arr, v))
		return
	}
	obj.Set(k, []any{cur, v})
}
