package markdown

import "testing"

// The expected outputs were printed by showdown and node-html-markdown as
// n8n 1.123.81 ships them.
func TestConversions(t *testing.T) {
	got, err := toHTML("# Hello World\n\nSome *em* and **strong** and `code`.\n\n- a\n- b\n\n1. x\n2. y\n\n[link](http://x.y)\n\n```js\nlet a = 1;\n```\n\n> quote\n")
	want := "<h1 id=\"helloworld\">Hello World</h1>\n<p>Some <em>em</em> and <strong>strong</strong> and <code>code</code>.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>x</li>\n<li>y</li>\n</ol>\n<p><a href=\"http://x.y\">link</a></p>\n<pre><code class=\"js language-js\">let a = 1;\n</code></pre>\n<blockquote>\n  <p>quote</p>\n</blockquote>"
	if err != nil || got != want {
		t.Errorf("toHTML:\n got %q\nwant %q", got, want)
	}
	got, err = toMarkdown("<h1>Hi</h1><p>Para <b>bold</b> <em>it</em> <a href=\"http://x\">l</a></p><ul><li>a</li><li>b</li></ul><pre><code>x=1</code></pre>")
	want = "# Hi\n\nPara **bold** _it_ [l](http://x)\n\n* a\n* b\n\n```\nx=1\n```"
	if err != nil || got != want {
		t.Errorf("toMarkdown:\n got %q\nwant %q", got, want)
	}
}

// Difference from n8n: showdown reads underscores inside a word as
// emphasis ("_under_score_" gives "<em>under</em>score_", recorded from
// n8n 1.123.81); goldmark follows CommonMark ("<em>under_score</em>").
func TestIntrawordUnderscoreDiffers(t *testing.T) {
	got, err := toHTML("_under_score_")
	if err != nil || got != "<p><em>under_score</em></p>" {
		t.Errorf("got %q, %v", got, err)
	}
}
