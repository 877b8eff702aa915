package html

import (
	"strings"

	"golang.org/x/net/html"
)

// voidElements are written without a closing tag, as parse5 (cheerio's
// serializer) does: "<br>", never "<br/>".
var voidElements = map[string]bool{"area": true, "base": true, "basefont": true, "bgsound": true, "br": true,
	"col": true, "embed": true, "frame": true, "hr": true, "img": true, "input": true, "keygen": true,
	"link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true}

var rawText = map[string]bool{"style": true, "script": true, "xmp": true, "iframe": true, "noembed": true,
	"noframes": true, "plaintext": true}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "\u00a0", "&nbsp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "\u00a0", "&nbsp;", `"`, "&quot;")
)

// innerHTML is cheerio's .html(): the first node's children serialized as
// parse5 does.
func innerHTML(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeNode(&b, c, n)
	}
	return b.String()
}

func writeNode(b *strings.Builder, n, parent *html.Node) {
	switch n.Type {
	case html.TextNode:
		if parent != nil && parent.Type == html.ElementNode && rawText[parent.Data] {
			b.WriteString(n.Data)
			return
		}
		b.WriteString(textEscaper.Replace(n.Data))
	case html.CommentNode:
		b.WriteString("<!--" + n.Data + "-->")
	case html.DoctypeNode:
		b.WriteString("<!DOCTYPE " + n.Data + ">")
	case html.ElementNode:
		b.WriteString("<" + n.Data)
		for _, a := range n.Attr {
			name := a.Key
			if a.Namespace != "" {
				name = a.Namespace + ":" + a.Key
			}
			b.WriteString(" " + name + `="` + attrEscaper.Replace(a.Val) + `"`)
		}
		b.WriteString(">")
		if voidElements[n.Data] {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			writeNode(b, c, n)
		}
		b.WriteString("</" + n.Data + ">")
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			writeNode(b, c, n)
		}
	}
}

// textContent is cheerio's .text() of one node.
func textContent(n *html.Node, b *strings.Builder) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
	case html.ElementNode, html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			textContent(c, b)
		}
	}
}
