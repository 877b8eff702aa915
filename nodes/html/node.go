// Package html is n8n's HTML node (1, 1.1, 1.2): extract content with CSS
// selectors (goquery), generate HTML from a template with {{ }}
// expressions, and convert items to an HTML table.
package html

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.html", Versions: []float64{1, 1.1, 1.2},
		Defaults: func(float64) map[string]any {
			return map[string]any{"operation": "generateHtmlTemplate", "html": "", "sourceData": "json",
				"dataPropertyName": "data", "options": map[string]any{},
				"extractionValues": map[string]any{"values": []any{}}}
		},
		Check: func(p engine.Params, _ float64) []string {
			if op, ok := p.Value("operation").(string); ok && !strings.HasPrefix(op, "=") {
				switch op {
				case "generateHtmlTemplate", "extractHtmlContent", "convertToHtmlTable":
				default:
					return []string{fmt.Sprintf("parameter operation: unknown value %q", op)}
				}
			}
			return nil
		},
	}
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	op, err := ex.ParamString("operation", 0)
	if err != nil {
		return nil, err
	}
	if op == "convertToHtmlTable" {
		if len(items) == 0 {
			return [][]data.Item{{}}, nil
		}
		return table(ex, items)
	}
	var out []data.Item
	for i := range items {
		res, err := func() ([]data.Item, error) {
			if op == "generateHtmlTemplate" {
				return generate(ex, i)
			}
			return extract(ctx, ex, i, false)
		}()
		if err != nil {
			if !ex.ContinueOnFail() {
				return nil, err
			}
			out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error()), Paired: data.One(i)})
			continue
		}
		out = append(out, res...)
	}
	return [][]data.Item{out}, nil
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var resolvable = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`{{[\s\S]*?}}`)
})

func generate(ex *engine.Exec, i int) ([]data.Item, error) {
	src, err := ex.ParamString("html", i)
	if err != nil {
		return nil, err
	}
	for _, r := range resolvable().FindAllString(src, -1) {
		v, err := ex.Evaluate("html", "="+r, i)
		if err != nil {
			return nil, err
		}
		src = strings.Replace(src, r, jsvalue.ToString(v), 1)
	}
	return []data.Item{{JSON: data.ObjectOf("html", src), Paired: data.One(i)}}, nil
}

type extraction struct {
	key, selector, returnValue, attribute, skipSelectors string
	returnArray                                          bool
}

// extract is the extractHtmlContent operation; legacy is the HTML Extract
// node's variant of it (its text, trimming and property lookup).
func extract(ctx context.Context, ex *engine.Exec, i int, legacy bool) ([]data.Item, error) {
	prop, err := ex.ParamString("dataPropertyName", i)
	if err != nil {
		return nil, err
	}
	ev, err := ex.Param("extractionValues", i)
	if err != nil {
		return nil, err
	}
	ov, err := ex.Param("options", i)
	if err != nil {
		return nil, err
	}
	opts, _ := ov.(*data.Object)
	source, err := ex.ParamString("sourceData", i)
	if err != nil {
		return nil, err
	}
	it := ex.Input(0)[i]
	var docs []any
	if source == "json" {
		var v any
		var ok bool
		if ex.Version() == 1 && !legacy {
			v, ok = it.JSON.Get(prop)
		} else {
			v, ok = jsvalue.Get(it.JSON, prop)
		}
		if !ok || data.IsUndefined(v) {
			return nil, engine.OperationError(i, "No property named \"%s\" exists!", prop)
		}
		if arr, isArr := v.([]any); isArr {
			docs = arr
		} else {
			docs = []any{v}
		}
	} else {
		bin, err := ex.AssertBinary(i, prop)
		if err != nil {
			return nil, err
		}
		b, err := ex.Binary().Bytes(bin)
		if err != nil {
			return nil, err
		}
		docs = []any{strings.ToValidUTF8(string(b), "\uFFFD")}
	}
	var exs []extraction
	evo, _ := ev.(*data.Object)
	list, _ := evo.Value("values").([]any)
	for _, e := range list {
		o, _ := e.(*data.Object)
		x := extraction{returnValue: "text"}
		x.key = jsvalue.ToString(o.Value("key"))
		x.selector = jsvalue.ToString(o.Value("cssSelector"))
		if r, ok := o.Value("returnValue").(string); ok {
			x.returnValue = r
		}
		x.attribute, _ = o.Value("attribute").(string)
		x.skipSelectors, _ = o.Value("skipSelectors").(string)
		x.returnArray = jsvalue.Truthy(o.Value("returnArray"))
		exs = append(exs, x)
	}
	var out []data.Item
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(jsvalue.ToString(d)))
		if err != nil {
			return nil, engine.OperationError(i, "%s", err.Error())
		}
		js := data.NewObject(len(exs))
		for _, x := range exs {
			sel, err := find(doc, x.selector)
			if err != nil {
				return nil, engine.OperationError(i, "%s", err.Error())
			}
			if x.returnArray {
				arr := []any{}
				for _, n := range sel.Nodes {
					arr = append(arr, value(goquery.NewDocumentFromNode(n).Selection, x, opts, ex.Version(), legacy))
				}
				js.Set(x.key, arr)
				continue
			}
			js.Set(x.key, value(sel, x, opts, ex.Version(), legacy))
		}
		out = append(out, data.Item{JSON: js, Paired: data.One(i)})
	}
	return out, nil
}

// find is cheerio's $(selector); an invalid selector is an error there too.
func find(doc *goquery.Document, selector string) (sel *goquery.Selection, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if strings.TrimSpace(selector) == "" {
		return doc.Selection.Slice(0, 0), nil
	}
	return doc.Find(selector), nil
}

func value(sel *goquery.Selection, x extraction, opts *data.Object, version float64, legacy bool) any {
	var v any = data.Undefined
	switch x.returnValue {
	case "attribute":
		if a, ok := sel.Attr(x.attribute); ok {
			v = a
		}
	case "html":
		if len(sel.Nodes) > 0 {
			if h := innerHTML(sel.Nodes[0]); h != "" {
				v = h
			}
		}
	case "value":
		if len(sel.Nodes) > 0 {
			if a, ok := sel.Attr("value"); ok {
				v = a
			} else if sel.Is("textarea") {
				v = sel.First().Text()
			}
		}
	default: // text
		if version <= 1.1 {
			var b strings.Builder
			for _, n := range sel.Nodes {
				textContent(n, &b)
			}
			if b.Len() > 0 || legacy {
				v = b.String()
			}
		} else {
			var frag []*html.Node
			if len(sel.Nodes) > 0 {
				for c := sel.Nodes[0].FirstChild; c != nil; c = c.NextSibling {
					frag = append(frag, c)
				}
			}
			v = toText(frag, skipper(x.skipSelectors))
		}
	}
	s, ok := v.(string)
	if !ok {
		return v
	}
	if legacy {
		// HTML Extract trims unless told not to, and has no clean-up.
		if opts.Value("trimValues") != false {
			s = jsvalue.Trim(s)
		}
		return s
	}
	if jsvalue.Truthy(opts.Value("trimValues")) {
		s = jsvalue.Trim(s)
	}
	if jsvalue.Truthy(opts.Value("cleanUpText")) {
		s = jsvalue.Trim(s)
		s = strings.NewReplacer("\r\n", "", "\n", "", "\r", "").Replace(s)
		s = spaces().ReplaceAllString(s, " ")
	}
	return s
}

var spaces = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\s+`)
})

// skipper matches html-to-text's "skip" selectors.
func skipper(list string) func(*html.Node) bool {
	if strings.TrimSpace(list) == "" {
		return nil
	}
	var sels []string
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" {
			sels = append(sels, s)
		}
	}
	return func(n *html.Node) bool {
		s := goquery.NewDocumentFromNode(n).Selection
		for _, q := range sels {
			if func() (m bool) {
				defer func() { _ = recover() }()
				return s.Is(q)
			}() {
				return true
			}
		}
		return false
	}
}

func capitalizeHeader(h string, capitalize bool) string {
	if !capitalize {
		return h
	}
	var words []string
	for _, w := range strings.Split(h, "_") {
		if w == "" {
			continue
		}
		r := []rune(w)
		words = append(words, strings.ToUpper(string(r[0]))+string(r[1:]))
	}
	return strings.Join(words, " ")
}

func table(ex *engine.Exec, items []data.Item) ([][]data.Item, error) {
	ov, err := ex.Param("options", 0)
	if err != nil {
		return nil, err
	}
	o, _ := ov.(*data.Object)
	var tableStyle, headerStyle, cellStyle string
	if !jsvalue.Truthy(o.Value("customStyling")) {
		tableStyle = "style='border-spacing:0; font-family:helvetica,arial,sans-serif'"
		headerStyle = "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee; text-align:left; color:#888; font-weight:normal'"
		cellStyle = "style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee'"
	}
	str := func(k string) string {
		v := o.Value(k)
		if !jsvalue.Truthy(v) {
			return ""
		}
		return jsvalue.ToString(v)
	}
	var headers []string
	seen := map[string]bool{}
	for _, it := range items {
		for _, k := range it.JSON.Keys() {
			if !seen[k] {
				seen[k] = true
				headers = append(headers, k)
			}
		}
	}
	var b strings.Builder
	b.WriteString("<table " + tableStyle + " " + str("tableAttributes") + ">")
	if c := str("caption"); c != "" {
		b.WriteString("<caption>" + c + "</caption>")
	}
	b.WriteString("<thead " + headerStyle + " " + str("headerAttributes") + ">")
	b.WriteString("<tr>")
	capitalize := jsvalue.Truthy(o.Value("capitalize"))
	for _, h := range headers {
		b.WriteString("<th>" + capitalizeHeader(h, capitalize) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for i, it := range items {
		rowAttrs, err := ex.ParamOr("options.rowAttributes", i, "")
		if err != nil {
			return nil, err
		}
		b.WriteString("<tr  " + jsvalue.ToString(rowAttrs) + ">")
		cellAttrs, err := ex.ParamOr("options.cellAttributes", i, "")
		if err != nil {
			return nil, err
		}
		for _, h := range headers {
			b.WriteString("<td " + cellStyle + " " + jsvalue.ToString(cellAttrs) + ">")
			v, ok := it.JSON.Get(h)
			switch x := v.(type) {
			case bool:
				checked := ""
				if x {
					checked = `checked="checked"`
				}
				b.WriteString(`<input type="checkbox" ` + checked + `/>`)
			default:
				if !ok {
					v = data.Undefined
				}
				b.WriteString(jsvalue.ToString(v))
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	ps := make([]data.PairedItem, len(items))
	for i := range ps {
		ps[i].Item = i
	}
	return [][]data.Item{{{JSON: data.ObjectOf("table", b.String()), Paired: data.Many(ps...)}}}, nil
}
