package formtrigger

import (
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// policy is built once: a bluemonday policy is safe for concurrent use
// once configured, and building one costs more than a page.
var policy = sync.OnceValue(htmlPolicy)

// htmlPolicy is the allow-list n8n gives sanitize-html for form
// descriptions and HTML elements.
func htmlPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("b", "div", "i", "iframe", "img", "video", "source", "em", "strong", "a", "h1", "h2", "h3",
		"h4", "h5", "h6", "u", "sub", "sup", "code", "pre", "span", "br", "ul", "ol", "li", "p", "table", "thead",
		"tbody", "tfoot", "td", "tr", "th")
	p.AllowAttrs("href", "target", "rel").OnElements("a")
	p.AllowAttrs("src", "alt", "width", "height").OnElements("img")
	p.AllowAttrs("controls", "autoplay", "loop", "muted", "poster", "width", "height").OnElements("video")
	p.AllowAttrs("src", "width", "height", "frameborder", "allow", "allowfullscreen", "referrerpolicy").OnElements("iframe")
	p.AllowAttrs("src", "type").OnElements("source")
	p.AllowAttrs("colspan", "rowspan", "scope", "headers").OnElements("td", "th")
	p.AllowURLSchemes("https", "http")
	p.RequireParseableURLs(true)
	return p
}

// iframeTag finds sanitized iframe start tags, to which n8n adds a
// sandbox and a strict referrer policy.
var iframeTag = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`<iframe\b`)
})

func sanitizeHTML(p *bluemonday.Policy, s string) string {
	out := p.Sanitize(s)
	return iframeTag().ReplaceAllString(out, `<iframe sandbox="" referrerpolicy="strict-origin-when-cross-origin" allow="fullscreen; autoplay; encrypted-media"`)
}

// sanitizeCSS strips tags from custom CSS (sanitize-html with no allowed
// tags) and restores the entities CSS needs, never "<".
func sanitizeCSS(css string) string {
	if css == "" {
		return ""
	}
	out := bluemonday.StrictPolicy().Sanitize(css)
	out = strings.ReplaceAll(out, "&gt;", ">")
	out = restoreAmp(out)
	return out
}

// restoreAmp turns &amp; into & unless it starts &lt; &gt; or &amp;
// (Go's regexp has no lookahead).
func restoreAmp(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "&amp;")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		rest := s[i+len("&amp;"):]
		if strings.HasPrefix(rest, "lt;") || strings.HasPrefix(rest, "gt;") || strings.HasPrefix(rest, "amp;") {
			b.WriteString("&amp;")
		} else {
			b.WriteString("&")
		}
		s = rest
	}
}
