package gmail

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// rawHeader is one header as mailparser's headerLines keep it: the
// lower-cased key and the whole line.
type rawHeader struct{ key, name, value, line string }

// mimePart is a parsed entity.
type mimePart struct {
	headers  []rawHeader
	mimeType string
	params   map[string]string
	body     []byte
	parts    []*mimePart
}

func (p *mimePart) get(key string) (string, bool) {
	for _, h := range p.headers {
		if h.key == key {
			return h.value, true
		}
	}
	return "", false
}

const maxMIMEDepth = 20

func parseMIMEText(s string, depth int) *mimePart {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	head, body, ok := strings.Cut(s, "\n\n")
	if !ok {
		head, body = s, ""
	}
	p := &mimePart{}
	for _, line := range strings.Split(head, "\n") {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(p.headers) > 0 {
			h := &p.headers[len(p.headers)-1]
			h.line += "\r\n" + line
			h.value += " " + strings.TrimLeft(line, " \t")
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		p.headers = append(p.headers, rawHeader{key: strings.ToLower(strings.TrimSpace(name)), name: strings.TrimSpace(name), value: strings.TrimSpace(value), line: line})
	}
	ct, _ := p.get("content-type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt == "" {
		mt, params = "text/plain", map[string]string{}
	}
	p.mimeType, p.params = mt, params
	if strings.HasPrefix(mt, "multipart/") && params["boundary"] != "" && depth < maxMIMEDepth {
		for _, part := range splitMultipart(body, params["boundary"]) {
			p.parts = append(p.parts, parseMIMEText(part, depth+1))
		}
		return p
	}
	cte, _ := p.get("content-transfer-encoding")
	p.body = decodeTransfer(body, cte)
	return p
}

func splitMultipart(body, boundary string) []string {
	var parts, cur []string
	in := false
	for _, line := range strings.Split(body, "\n") {
		switch strings.TrimRight(line, " \t") {
		case "--" + boundary:
			if in {
				parts = append(parts, strings.Join(cur, "\n"))
			}
			in, cur = true, nil
			continue
		case "--" + boundary + "--":
			if in {
				parts = append(parts, strings.Join(cur, "\n"))
			}
			return parts
		}
		if in {
			cur = append(cur, line)
		}
	}
	if in {
		parts = append(parts, strings.Join(cur, "\n"))
	}
	return parts
}

func decodeTransfer(body, cte string) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		clean := strings.Join(strings.Fields(body), "")
		if b, err := base64.StdEncoding.DecodeString(clean); err == nil {
			return b
		}
		b, _ := base64.RawStdEncoding.DecodeString(strings.TrimRight(clean, "="))
		return b
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(strings.ReplaceAll(body, "\n", "\r\n"))))
		if err != nil {
			return []byte(body)
		}
		return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	return []byte(body)
}

func (p *mimePart) filename() string {
	if cd, ok := p.get("content-disposition"); ok {
		if _, prm, err := mime.ParseMediaType(cd); err == nil && prm["filename"] != "" {
			return decodeWordsText(prm["filename"])
		}
	}
	return decodeWordsText(p.params["name"])
}

func (p *mimePart) isAttachment() bool {
	if cd, ok := p.get("content-disposition"); ok && strings.HasPrefix(strings.ToLower(strings.TrimSpace(cd)), "attachment") {
		return true
	}
	return p.filename() != "" || !(strings.HasPrefix(p.mimeType, "text/") || strings.HasPrefix(p.mimeType, "multipart/"))
}

func decodeWordsText(s string) string {
	if d, err := new(mime.WordDecoder).DecodeHeader(s); err == nil {
		return d
	}
	return s
}

// collect walks the tree as mailparser's getTextContent does: text parts,
// HTML parts and attachments in order.
func collect(p *mimePart, alternative bool, text, html *[]string, atts *[]*mimePart) {
	if len(p.parts) == 0 {
		if p.isAttachment() {
			*atts = append(*atts, p)
			return
		}
		content := strings.ReplaceAll(string(p.body), "\r\n", "\n")
		switch p.mimeType {
		case "text/plain":
			*text = append(*text, content)
		case "text/html":
			*html = append(*html, content)
		}
		return
	}
	alternative = alternative || p.mimeType == "multipart/alternative"
	for _, c := range p.parts {
		collect(c, alternative, text, html, atts)
	}
}

// parseRaw is parseRawEmail: the raw message parsed as mailparser's
// simpleParser does, with id, threadId, labelIds and sizeEstimate first;
// attachments become binary data when options.downloadAttachments.
func (r *run) parseRaw(ctx context.Context, msg, options *data.Object, i int) (data.Item, error) {
	rawB64 := jsString(msg.Value("raw"))
	raw, err := base64.URLEncoding.DecodeString(rawB64)
	if err != nil {
		raw, _ = base64.RawURLEncoding.DecodeString(strings.TrimRight(rawB64, "="))
	}
	p := parseMIMEText(string(raw), 0)
	out := data.NewObject(16)
	for _, k := range []string{"id", "threadId", "labelIds", "sizeEstimate"} {
		v, ok := msg.Get(k)
		if !ok {
			v = data.Undefined
		}
		out.Set(k, v)
	}
	headers := data.NewObject(len(p.headers))
	for _, h := range p.headers {
		headers.Set(h.key, latin1(h.line))
	}
	out.Set("headers", headers)
	var texts, htmls []string
	var atts []*mimePart
	collect(p, false, &texts, &htmls, &atts)
	if len(htmls) > 0 {
		out.Set("html", strings.Join(htmls, "<br/>\n"))
		if len(texts) == 0 {
			texts = append(texts, htmlToText(htmls[0]))
		}
	}
	if len(texts) > 0 {
		out.Set("text", strings.Join(texts, "\n"))
		parts := make([]string, len(texts))
		for j, t := range texts {
			parts[j] = textToHTML(t)
		}
		out.Set("textAsHtml", strings.Join(parts, "<br/>\n"))
	}
	for _, key := range []string{"subject", "references", "date", "to", "from", "cc", "bcc", "message-id", "in-reply-to", "reply-to"} {
		v, ok := p.get(key)
		if !ok {
			continue
		}
		name := key
		switch key {
		case "message-id":
			name = "messageId"
		case "in-reply-to":
			name = "inReplyTo"
		case "reply-to":
			name = "replyTo"
		}
		switch key {
		case "subject":
			out.Set(name, decodeWordsText(v))
		case "date":
			t, err := mail.ParseDate(v)
			if err != nil {
				t = r.ex.Now()
			}
			out.Set(name, t.UTC().Format("2006-01-02T15:04:05.000Z"))
		case "to", "from", "cc", "bcc", "reply-to":
			out.Set(name, addressObject(v))
		case "references":
			refs := strings.Fields(v)
			if len(refs) == 1 {
				out.Set(name, refs[0])
			} else {
				list := make([]any, len(refs))
				for j, x := range refs {
					list[j] = x
				}
				out.Set(name, list)
			}
		default:
			out.Set(name, v)
		}
	}
	if !out.Has("html") {
		out.Set("html", false)
	}
	it := data.Item{JSON: out}
	if len(atts) > 0 {
		download, err := r.ex.ParamOr("options.downloadAttachments", 0, false)
		if err != nil {
			return it, err
		}
		if truthy(download) {
			prefix := jsString(options.Value("dataPropertyAttachmentsPrefixName"))
			if !truthy(options.Value("dataPropertyAttachmentsPrefixName")) {
				prefix = "attachment_"
			}
			bin := data.NewObject(len(atts))
			for j, a := range atts {
				meta, err := r.ex.Binary().Prepare(ctx, a.body, a.filename(), a.mimeType)
				if err != nil {
					return it, err
				}
				bin.Set(fmt.Sprintf("%s%d", prefix, j), meta)
			}
			it.Binary = bin
		}
	}
	return it, nil
}

// addressObject is mailparser's {value, html, text} for an address header.
func addressObject(v string) *data.Object {
	list := parseAddresses(v)
	values := make([]any, 0, len(list))
	var htmlParts, textParts []string
	for _, a := range list {
		name := decodeWordsText(a.name)
		values = append(values, data.ObjectOf("address", a.address, "name", name))
		h := `<span class="mp_address_group">`
		t := ""
		if name != "" {
			h += `<span class="mp_address_name">` + heEncode(name) + `</span>`
			t += `"` + name + `"`
		}
		if a.address != "" {
			link := `<a href="mailto:` + heEncode(a.address) + `" class="mp_address_email">` + heEncode(a.address) + `</a>`
			if name != "" {
				h += " &lt;" + link + "&gt;"
				t += " <" + a.address + ">"
			} else {
				h += link
				t += a.address
			}
		}
		htmlParts = append(htmlParts, h+"</span>")
		textParts = append(textParts, t)
	}
	return data.ObjectOf("value", values, "html", strings.Join(htmlParts, ", "), "text", strings.Join(textParts, ", "))
}

// named are the he library's named references n8n's messages meet most.
var named = map[rune]string{
	'&': "amp", '<': "lt", '>': "gt", '"': "quot", 0xa0: "nbsp", 0xa9: "copy", 0xae: "reg", 0xb0: "deg",
	0xe0: "agrave", 0xe1: "aacute", 0xe2: "acirc", 0xe4: "auml", 0xe7: "ccedil", 0xe8: "egrave", 0xe9: "eacute",
	0xea: "ecirc", 0xeb: "euml", 0xee: "icirc", 0xef: "iuml", 0xf1: "ntilde", 0xf4: "ocirc", 0xf6: "ouml",
	0xf9: "ugrave", 0xfa: "uacute", 0xfb: "ucirc", 0xfc: "uuml", 0xdf: "szlig", 0xc9: "Eacute", 0xc4: "Auml",
	0xd6: "Ouml", 0xdc: "Uuml", 0x2013: "ndash", 0x2014: "mdash", 0x2018: "lsquo", 0x2019: "rsquo",
	0x201c: "ldquo", 0x201d: "rdquo", 0x2026: "mldr", 0x20ac: "euro", 0x2022: "bull", 0x2122: "trade",
}

// heEncode is he.encode(s, {useNamedReferences: true}) for the common
// characters: markup characters and non-ASCII become references.
func heEncode(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == '\'':
			b.WriteString("&apos;")
		case c == '`':
			b.WriteString("&grave;")
		case named[c] != "":
			b.WriteString("&" + named[c] + ";")
		case c >= 0x80:
			fmt.Fprintf(&b, "&#x%X;", c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

var (
	linkRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:https?://|ftp://|mailto:|www\.)[^\s<>"]+|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}`)
	})
	trailing = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[.,;:!?)\]'"]+$`)
	})
)

// textToHTML is mailparser's textToHtml: links made anchors (a subset of
// linkify-it: scheme URLs, www. hosts and email addresses), the rest
// encoded, paragraphs on blank lines and <br/> on single breaks.
func textToHTML(str string) string {
	var b strings.Builder
	last := 0
	for _, m := range linkRE().FindAllStringIndex(str, -1) {
		if m[0] < last {
			continue
		}
		text := str[m[0]:m[1]]
		if t := trailing().FindString(text); t != "" {
			text = text[:len(text)-len(t)]
		}
		if text == "" {
			continue
		}
		href := text
		switch {
		case strings.HasPrefix(strings.ToLower(text), "www."):
			href = "http://" + text
		case strings.Contains(text, "@") && !strings.Contains(text, "://") && !strings.HasPrefix(strings.ToLower(text), "mailto:"):
			href = "mailto:" + text
		}
		b.WriteString(heEncode(str[last:m[0]]))
		b.WriteString(`<a href="` + strings.ReplaceAll(href, `"`, "&quot;") + `">` + heEncode(text) + `</a>`)
		last = m[0] + len(text)
	}
	b.WriteString(heEncode(str[last:]))
	s := strings.TrimSpace(strings.ReplaceAll(b.String(), "\r\n", "\n"))
	s = regexp.MustCompile(`(?m)[ \t]+$`).ReplaceAllString(s, "")
	s = strings.TrimSpace(s)
	s = regexp.MustCompile(`\n\n+`).ReplaceAllString(s, "</p><p>")
	s = strings.TrimSpace(s)
	return "<p>" + strings.ReplaceAll(s, "\n", "<br/>") + "</p>"
}

var (
	blockRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)</?(p|div|br|h[1-6]|li|tr|table)[^>]*>`)
	})
	anyTag = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)<style.*?</style>|<script.*?</script>|<[^>]*>`)
	})
)

// htmlToText is a small stand-in for mailparser's html-to-text: tags
// dropped, block elements as line breaks. n8n-go differs from n8n here
// for anything but simple HTML.
func htmlToText(h string) string {
	s := blockRE().ReplaceAllString(h, "\n")
	s = anyTag().ReplaceAllString(s, "")
	s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&nbsp;", " ").Replace(s)
	return strings.TrimSpace(s)
}

var _ = time.Now

// latin1 reads s's bytes as Latin-1, as mailparser's headerLines keep raw
// 8-bit header bytes.
func latin1(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}
