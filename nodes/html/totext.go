package html

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// toText is the part of the html-to-text package (9.x, default options)
// that n8n's HTML node 1.2 uses to extract text: whitespace collapsed,
// words wrapped at 80 columns, blocks separated by their line breaks,
// headings upper-cased, links and images as "text [url]", lists with
// " * " or " 1. ", tables as blocks of inline cells. Other formats
// (data tables, blockquote prefixes) are not reproduced.
func toText(frag []*html.Node, skip func(*html.Node) bool) string {
	w := &textWriter{skip: skip}
	for _, n := range frag {
		w.node(n)
	}
	w.flushLine()
	return strings.Trim(w.out.String(), "\n")
}

const wrapAt = 80

type textWriter struct {
	out     strings.Builder
	started bool
	pending int // line breaks owed before the next text
	line    []string
	upper   int
	prefix  []string // list item prefixes for the current line
	skip    func(*html.Node) bool
	pre     int
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\f' || r == '\u200b'
}

// word adds inline text; a leading or trailing space separates words
// (kept as "" markers and collapsed later).
func (w *textWriter) text(s string) {
	if w.upper > 0 {
		s = strings.ToUpper(s)
	}
	if w.pre > 0 {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			if i > 0 {
				w.flushLine()
				w.pending = max(w.pending, 1)
			}
			if l != "" {
				w.line = append(w.line, l)
			}
		}
		return
	}
	if s != "" && isSpace([]rune(s)[0]) {
		w.line = append(w.line, "")
	}
	for _, f := range strings.FieldsFunc(s, isSpace) {
		w.line = append(w.line, f, "")
	}
	if len(w.line) > 0 && s != "" && !isSpace([]rune(s)[len([]rune(s))-1]) && w.line[len(w.line)-1] == "" {
		w.line = w.line[:len(w.line)-1]
	}
}

// glue joins the pending inline pieces into words: adjacent pieces
// without a separating "" form one word.
func (w *textWriter) words() []string {
	var words []string
	cur := ""
	has := false
	for _, p := range w.line {
		if p == "" {
			if has {
				words = append(words, cur)
			}
			cur, has = "", false
			continue
		}
		cur += p
		has = true
	}
	if has {
		words = append(words, cur)
	}
	return words
}

func (w *textWriter) flushLine() {
	words := w.words()
	w.line = w.line[:0]
	if len(words) == 0 {
		return
	}
	if w.started {
		w.out.WriteString(strings.Repeat("\n", max(w.pending, 0)))
	}
	w.started = true
	w.pending = 0
	prefix := strings.Join(w.prefix, "")
	indent := strings.Repeat(" ", len(prefix))
	w.prefix = w.prefix[:0]
	col := 0
	first := true
	lead := prefix
	for _, word := range words {
		if !first && col+1+len([]rune(word)) > wrapAt-len(indent) {
			w.out.WriteString("\n")
			col, first, lead = 0, true, indent
		}
		if first {
			w.out.WriteString(lead + word)
			col = len([]rune(word))
			first = false
			continue
		}
		w.out.WriteString(" " + word)
		col += 1 + len([]rune(word))
	}
}

func (w *textWriter) open(n int) {
	w.flushLine()
	w.pending = max(w.pending, n)
}

func (w *textWriter) close(n int) {
	w.flushLine()
	w.pending = max(w.pending, n)
}

var blocks = map[string][2]int{
	"article": {1, 1}, "aside": {1, 1}, "div": {1, 1}, "footer": {1, 1}, "form": {1, 1}, "header": {1, 1},
	"main": {1, 1}, "nav": {1, 1}, "section": {1, 1}, "p": {2, 2}, "pre": {2, 2}, "blockquote": {2, 2},
	"table": {2, 2}, "hr": {2, 2},
	"h1": {3, 2}, "h2": {3, 2}, "h3": {3, 2}, "h4": {2, 2}, "h5": {2, 2}, "h6": {2, 2},
}

func attr(n *html.Node, k string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == k {
			return a.Val, true
		}
	}
	return "", false
}

func (w *textWriter) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

func (w *textWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.DocumentNode:
		w.children(n)
		return
	case html.ElementNode:
	default:
		return
	}
	if w.skip != nil && w.skip(n) {
		return
	}
	switch n.Data {
	case "script", "style", "head", "title", "noscript":
		return
	case "br":
		w.flushLine()
		w.pending = max(w.pending, 1)
		if !w.started {
			w.started = true
		}
		return
	case "wbr":
		return
	case "a":
		start := len(w.line)
		w.children(n)
		href, _ := attr(n, "href")
		if href == "" || strings.HasPrefix(href, "#") {
			return
		}
		href = strings.TrimPrefix(href, "mailto:")
		if len(w.line) > start {
			w.line = append(w.line, "", "["+href+"]")
		} else {
			w.line = append(w.line, "["+href+"]")
		}
		return
	case "img":
		alt, _ := attr(n, "alt")
		src, _ := attr(n, "src")
		switch {
		case alt != "" && src != "":
			w.text(alt)
			w.line = append(w.line, "", "["+src+"]")
		case src != "":
			w.line = append(w.line, "["+src+"]")
		case alt != "":
			w.text(alt)
		}
		return
	case "ul", "ol":
		w.open(2)
		i := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || c.Data != "li" {
				continue
			}
			i++
			w.flushLine()
			if i > 1 {
				w.pending = max(w.pending, 1)
			}
			if n.Data == "ul" {
				w.prefix = append(w.prefix, " * ")
			} else {
				w.prefix = append(w.prefix, " "+strconv.Itoa(i)+". ")
			}
			w.children(c)
			w.flushLine()
		}
		w.close(2)
		return
	}
	if br, ok := blocks[n.Data]; ok {
		w.open(br[0])
		if n.Data[0] == 'h' && len(n.Data) == 2 {
			w.upper++
			defer func() { w.upper-- }()
		}
		if n.Data == "pre" {
			w.pre++
			defer func() { w.pre-- }()
		}
		if n.Data == "hr" {
			w.line = append(w.line, strings.Repeat("-", 40))
		}
		w.children(n)
		w.close(br[1])
		return
	}
	w.children(n)
}
