package xml

import (
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// buildOptions are xml2js Builder options.
type buildOptions struct {
	attrKey, charKey, rootName string
	headless, pretty, cdata    bool
}

// elem is xmlbuilder's element tree, printed at the end.
type elem struct {
	name     string
	attrs    [][2]string
	children []any // *elem or text (string) or raw (rawText)
}

type rawText string

func (e *elem) ele(name string) *elem {
	c := &elem{name: name}
	e.children = append(e.children, c)
	return c
}

// buildXML is xml2js's Builder.buildObject.
func buildXML(root *data.Object, o buildOptions) string {
	name := o.rootName
	var obj any = root
	if root.Len() == 1 && o.rootName == "root" {
		name = root.KeyAt(0)
		obj = root.ValueAt(0)
	}
	top := &elem{name: name}
	render(top, obj, o)
	var b strings.Builder
	if !o.headless {
		b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`)
		if o.pretty {
			b.WriteString("\n")
		}
	}
	write(&b, top, 0, o.pretty)
	return strings.TrimSuffix(b.String(), "\n")
}

func text(v any) string {
	if v == nil || data.IsUndefined(v) {
		return ""
	}
	return jsvalue.ToString(v)
}

func requiresCDATA(s string) bool { return strings.ContainsAny(s, "&<>") }

func wrapCDATA(s string) rawText {
	return rawText("<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>")
}

func render(e *elem, obj any, o buildOptions) {
	switch x := obj.(type) {
	case *data.Object:
		for k, child := range x.All() {
			switch {
			case k == o.attrKey:
				if attrs, ok := child.(*data.Object); ok {
					for an, av := range attrs.All() {
						e.attrs = append(e.attrs, [2]string{an, text(av)})
					}
				}
			case k == o.charKey:
				s := text(child)
				if o.cdata && requiresCDATA(s) {
					e.children = append(e.children, wrapCDATA(s))
				} else {
					e.children = append(e.children, s)
				}
			default:
				switch c := child.(type) {
				case []any:
					for _, entry := range c {
						if s, ok := entry.(string); ok {
							leaf(e.ele(k), s, o)
						} else {
							render(e.ele(k), entry, o)
						}
					}
				case *data.Object:
					render(e.ele(k), c, o)
				default:
					leaf(e.ele(k), text(c), o)
				}
			}
		}
	case []any:
		for _, child := range x {
			if co, ok := child.(*data.Object); ok {
				for k, entry := range co.All() {
					render(e.ele(k), entry, o)
				}
			}
		}
	default:
		leaf(e, text(obj), o)
	}
}

func leaf(e *elem, s string, o buildOptions) {
	if o.cdata && requiresCDATA(s) {
		e.children = append(e.children, wrapCDATA(s))
		return
	}
	if s != "" {
		e.children = append(e.children, s)
	}
}

var (
	textEsc = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")
	attrEsc = strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;", "\t", "&#x9;", "\n", "&#xA;", "\r", "&#xD;")
)

// write prints an element as xmlbuilder's pretty writer: two-space
// indent, text-only elements on one line, empty ones self-closed.
func write(b *strings.Builder, e *elem, depth int, pretty bool) {
	ind := ""
	if pretty {
		ind = strings.Repeat("  ", depth)
	}
	b.WriteString(ind + "<" + e.name)
	for _, a := range e.attrs {
		b.WriteString(" " + a[0] + `="` + attrEsc.Replace(a[1]) + `"`)
	}
	if len(e.children) == 0 {
		b.WriteString("/>")
		if pretty {
			b.WriteString("\n")
		}
		return
	}
	b.WriteString(">")
	onlyText := true
	for _, c := range e.children {
		if _, ok := c.(*elem); ok {
			onlyText = false
		}
	}
	if onlyText || !pretty {
		for _, c := range e.children {
			switch x := c.(type) {
			case string:
				b.WriteString(textEsc.Replace(x))
			case rawText:
				b.WriteString(string(x))
			case *elem:
				write(b, x, depth+1, false)
			}
		}
		b.WriteString("</" + e.name + ">")
		if pretty {
			b.WriteString("\n")
		}
		return
	}
	b.WriteString("\n")
	for _, c := range e.children {
		switch x := c.(type) {
		case string:
			b.WriteString(strings.Repeat("  ", depth+1) + textEsc.Replace(x) + "\n")
		case rawText:
			b.WriteString(strings.Repeat("  ", depth+1) + string(x) + "\n")
		case *elem:
			write(b, x, depth+1, true)
		}
	}
	b.WriteString(ind + "</" + e.name + ">\n")
}
