// Package markdown is n8n's Markdown node (1): Markdown to HTML (goldmark,
// shaped like showdown's output: heading ids, "lang language-lang" code
// classes, indented blockquotes) and HTML to Markdown (html-to-markdown,
// with node-html-markdown's markers: "*" bullets, "_" emphasis, fenced
// code).
package markdown

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.markdown", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"mode": "htmlToMarkdown", "html": "", "markdown": "", "destinationKey": "data", "options": map[string]any{}}
		},
	}
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	mode, err := ex.ParamString("mode", 0)
	if err != nil {
		return nil, err
	}
	var out []data.Item
	for i, it := range ex.Input(0) {
		js, err := convert(ex, mode, i, it)
		if err != nil {
			if !ex.ContinueOnFail() {
				return nil, err
			}
			out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error())})
			continue
		}
		out = append(out, data.Item{JSON: js})
	}
	return [][]data.Item{out}, nil
}

func convert(ex *engine.Exec, mode string, i int, it data.Item) (*data.Object, error) {
	key, err := ex.ParamString("destinationKey", i)
	if err != nil {
		return nil, err
	}
	var result any
	switch mode {
	case "htmlToMarkdown":
		src, err := ex.Param("html", i)
		if err != nil {
			return nil, err
		}
		if result, err = translate(src); err != nil {
			return nil, engine.OperationError(i, "%s", err.Error())
		}
	case "markdownToHtml":
		v, err := ex.Param("markdown", i)
		if err != nil {
			return nil, err
		}
		src, isString := v.(string)
		if !isString {
			// showdown's makeHtml returns a falsy value as it is and calls
			// replace on anything else.
			if !jsvalue.Truthy(v) {
				result = v
				break
			}
			// A TypeError: n8n records it without a class name.
			return nil, &engine.NodeError{ItemIndex: i, Message: "text.replace is not a function"}
		}
		if result, err = toHTML(src); err != nil {
			return nil, engine.OperationError(i, "%s", err.Error())
		}
	default:
		return nil, engine.OperationError(i, "The mode %q is not supported", mode)
	}
	js := data.CloneObject(it.JSON)
	if js == nil {
		js = data.NewObject(1)
	}
	jsvalue.Set(js, key, result)
	return js, nil
}

// translate is NodeHtmlMarkdown.translate: a string is converted; an
// object is a collection whose values are converted; anything else gives
// an empty collection.
func translate(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return toMarkdown(x)
	case *data.Object:
		out := data.NewObject(x.Len())
		for k, e := range x.All() {
			md, err := toMarkdown(jsvalue.ToString(e))
			if err != nil {
				return nil, err
			}
			out.Set(k, md)
		}
		return out, nil
	}
	return data.NewObject(0), nil
}

// listBoundary is what html-to-markdown puts between two adjacent lists;
// node-html-markdown writes them one line apart.
const listBoundary = "\n\n<!--THE END-->\n\n"

func toMarkdown(src string) (string, error) {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(
			commonmark.WithBulletListMarker("*"),
			commonmark.WithEmDelimiter("_"),
			commonmark.WithStrongDelimiter("**"),
			commonmark.WithCodeBlockFence("```"),
			commonmark.WithHorizontalRule("---"),
		),
		table.NewTablePlugin(),
	))
	md, err := conv.ConvertString(src)
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(md, listBoundary, "\n"), nil
}

// headingIDs gives headings showdown's ids: the text without non-word
// characters, lower-cased, "-1", "-2"… for repeats.
type headingIDs struct{}

// Package-level regexps and the goldmark converter are built on first use
// (sync.OnceValue), not at package init, which every invocation of the
// binary would pay for.

var nonWord = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[^\w]`)
})

func (headingIDs) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	seen := map[string]int{}
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		var b bytes.Buffer
		_ = ast.Walk(h, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := c.(*ast.Text); ok && entering {
				b.Write(t.Segment.Value(src))
			}
			if s, ok := c.(*ast.String); ok && entering {
				b.Write(s.Value)
			}
			return ast.WalkContinue, nil
		})
		id := strings.ToLower(nonWord().ReplaceAllString(b.String(), ""))
		if n := seen[id]; n > 0 {
			seen[id] = n + 1
			id += "-" + strconv.Itoa(n)
		} else {
			seen[id] = 1
		}
		h.SetAttributeString("id", []byte(id))
		return ast.WalkSkipChildren, nil
	})
}

var (
	md = sync.OnceValue(func() goldmark.Markdown {
		return goldmark.New(goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(headingIDs{}, 100)),
		))
	})
	codeClass = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`<code class="language-([^"]+)">`)
	})
	imgTag = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(<img [^>]*?)\s*/?>`)
	})
)

func toHTML(src string) (string, error) {
	var b bytes.Buffer
	if err := md().Convert([]byte(src), &b); err != nil {
		return "", err
	}
	out := codeClass().ReplaceAllString(b.String(), `<code class="$1 language-$1">`)
	// showdown closes void elements XHTML-style.
	out = strings.ReplaceAll(out, "<hr>", "<hr />")
	out = imgTag().ReplaceAllString(out, "$1 />")
	return strings.TrimRight(indentBlockquotes(out), "\n"), nil
}

// indentBlockquotes indents what a blockquote holds by two spaces per
// level, as showdown writes it.
func indentBlockquotes(s string) string {
	if !strings.Contains(s, "<blockquote>") {
		return s
	}
	lines := strings.Split(s, "\n")
	depth := 0
	inPre := false
	for i, l := range lines {
		if strings.HasPrefix(l, "</blockquote>") {
			depth--
		}
		if depth > 0 && !inPre {
			lines[i] = strings.Repeat("  ", depth) + l
		}
		if strings.Contains(l, "<pre>") {
			inPre = !strings.Contains(l, "</pre>")
		} else if strings.Contains(l, "</pre>") {
			inPre = false
		}
		if strings.HasPrefix(l, "<blockquote>") {
			depth++
		}
	}
	return strings.Join(lines, "\n")
}
