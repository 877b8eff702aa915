package html

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// The expected texts were printed by html-to-text 9.0.5 and cheerio
// (n8n 1.123.81's) for the same document: convert($(sel).html()).
func TestToTextAndHTML(t *testing.T) {
	doc := `<html><body><h1 class="t">Hello  <b>World</b></h1><p>First para with a <a href="https://x.y/z">link</a> and   spaces.</p>
<p>A very long paragraph that goes on and on and on beyond eighty characters so that the wrapping kicks in somewhere here.</p>
<ul><li>one</li><li>two <i>2</i></li></ul><div>div text<br>after br</div><img src="a.png" alt="pic"><table><tr><td>a</td><td>b</td></tr></table>
<input name="q" value="val"><h2>Sub</h2><span>s1</span><span>s2</span></body></html>`
	d, err := goquery.NewDocumentFromReader(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sel, text, html string }{
		{"h1", "Hello World", "Hello  <b>World</b>"},
		{"p", "First para with a link [https://x.y/z] and spaces.", `First para with a <a href="https://x.y/z">link</a> and   spaces.`},
		{"ul", "onetwo 2", "<li>one</li><li>two <i>2</i></li>"},
		{"div", "div text\nafter br", "div text<br>after br"},
		{"table", "ab", "<tbody><tr><td>a</td><td>b</td></tr></tbody>"},
		{"body", "HELLO WORLD\n\nFirst para with a link [https://x.y/z] and spaces.\n\nA very long paragraph that goes on and on and on beyond eighty characters so\nthat the wrapping kicks in somewhere here.\n\n * one\n * two 2\n\ndiv text\nafter br\npic [a.png]\n\nab\n\n\nSUB\n\ns1s2", ""},
	} {
		n := d.Find(c.sel).Nodes[0]
		var frag []*html.Node
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			frag = append(frag, ch)
		}
		if got := toText(frag, nil); got != c.text {
			t.Errorf("%s: text\n got %q\nwant %q", c.sel, got, c.text)
		}
		if c.html != "" {
			if got := innerHTML(n); got != c.html {
				t.Errorf("%s: html\n got %q\nwant %q", c.sel, got, c.html)
			}
		}
	}
}
