package gmail

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// email is what n8n hands nodemailer's MailComposer (encodeEmail).
type email struct {
	from, to, cc, bcc, replyTo string
	inReplyTo, references      string
	subject                    string
	text, html                 string
	attachments                []attachment
}

type attachment struct {
	name, mimeType string
	content        []byte
}

// mimeNode is one node of the MIME tree as nodemailer's MimeNode builds
// it: ordered headers, text or binary content, children.
type mimeNode struct {
	headers  []mimeHeader
	text     *string // string content
	bin      []byte  // Buffer content
	isBin    bool
	children []*mimeNode
	filename string
	id       int
	root     *mimeNode
	boundary string
	counter  int
	base     string
}

type mimeHeader struct{ key, value string }

func (n *mimeNode) set(key, value string) {
	for i, h := range n.headers {
		if h.key == key {
			n.headers[i].value = value
			return
		}
	}
	n.headers = append(n.headers, mimeHeader{key, value})
}

func (n *mimeNode) get(key string) (string, bool) {
	for _, h := range n.headers {
		if h.key == key {
			return h.value, true
		}
	}
	return "", false
}

func (n *mimeNode) child(contentType string) *mimeNode {
	n.root.counter++
	c := &mimeNode{root: n.root, id: n.root.counter}
	c.set("Content-Type", contentType)
	n.children = append(n.children, c)
	return c
}

func newRoot(contentType string) *mimeNode {
	r := &mimeNode{id: 1, counter: 1}
	r.root = r
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	r.base = hex.EncodeToString(b)
	r.set("Content-Type", contentType)
	return r
}

type part struct {
	contentType string
	text        string
	bin         []byte
	isBin       bool
	filename    string
}

// buildMIME is nodemailer's MailComposer.compile().build() for the fields
// n8n sets (keepBcc on, no custom headers), with now as the Date header.
func buildMIME(e email, now time.Time) []byte {
	var alts []part
	if e.text != "" {
		alts = append(alts, part{contentType: "text/plain; charset=utf-8", text: e.text})
	}
	if e.html != "" {
		alts = append(alts, part{contentType: "text/html; charset=utf-8", text: e.html})
	}
	var atts []part
	for _, a := range e.attachments {
		ct := a.mimeType
		if ct == "" {
			ct = "application/octet-stream"
		}
		atts = append(atts, part{contentType: ct, bin: a.content, isBin: true, filename: a.name})
	}
	useMixed := len(atts) > 1 || (len(alts) > 0 && len(atts) == 1)
	useAlt := len(alts) > 1
	var root *mimeNode
	content := func(parent *mimeNode, p part) *mimeNode {
		var n *mimeNode
		if parent == nil {
			n = newRoot(p.contentType)
		} else {
			n = parent.child(p.contentType)
		}
		n.filename = p.filename
		if p.isBin {
			n.set("Content-Transfer-Encoding", "base64")
			n.set("Content-Disposition", "attachment")
			n.bin, n.isBin = p.bin, true
		} else {
			t := p.text
			n.text = &t
		}
		return n
	}
	switch {
	case useMixed:
		root = newRoot("multipart/mixed")
		if useAlt {
			alt := root.child("multipart/alternative")
			for _, a := range alts {
				content(alt, a)
			}
		} else {
			for _, a := range alts {
				content(root, a)
			}
		}
		for _, a := range atts {
			content(root, a)
		}
	case useAlt:
		root = newRoot("multipart/alternative")
		for _, a := range alts {
			content(root, a)
		}
	default:
		all := append(append([]part{}, alts...), atts...)
		if len(all) == 0 {
			all = []part{{contentType: "text/plain", text: ""}}
		}
		root = content(nil, all[0])
	}
	for _, h := range []struct{ key, value string }{
		{"From", e.from}, {"To", e.to}, {"Cc", e.cc}, {"Bcc", e.bcc}, {"Reply-To", e.replyTo},
		{"In-Reply-To", e.inReplyTo}, {"References", e.references}, {"Subject", e.subject},
	} {
		if h.value != "" {
			root.set(h.key, h.value)
		}
	}
	root.set("Message-ID", messageID(root))
	var sb strings.Builder
	root.write(&sb, now)
	out := sb.String()
	// LastNewline: the message ends with a line break.
	switch {
	case strings.HasSuffix(out, "\n"):
	case strings.HasSuffix(out, "\r"):
		out += "\n"
	default:
		out += "\r\n"
	}
	return []byte(out)
}

// messageID is nodemailer's generated Message-ID: random hex groups at the
// From address's domain (localhost without one).
func messageID(root *mimeNode) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	h := hex.EncodeToString(b)
	domain := "localhost"
	if from, ok := root.get("From"); ok {
		for _, a := range parseAddresses(from) {
			if a.address != "" {
				domain = a.address[strings.LastIndex(a.address, "@")+1:]
				break
			}
		}
	}
	return "<" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32] + "@" + domain + ">"
}

func (n *mimeNode) isText() bool {
	ct, _ := n.get("Content-Type")
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "text/")
}

// transferEncoding is MimeNode.getTransferEncoding.
func (n *mimeNode) transferEncoding() string {
	hasContent := n.isBin && len(n.bin) > 0 || n.text != nil && *n.text != ""
	if !hasContent {
		return ""
	}
	te, _ := n.get("Content-Transfer-Encoding")
	te = strings.ToLower(strings.TrimSpace(te))
	if te == "base64" || te == "quoted-printable" {
		return te
	}
	ct, _ := n.get("Content-Type")
	ct = strings.ToLower(strings.TrimSpace(ct))
	switch {
	case strings.HasPrefix(ct, "text/"):
		if n.text != nil && isPlainText(*n.text) && !hasLongerLines(*n.text, 76) {
			return "7bit"
		}
		var s string
		if n.text != nil {
			s = *n.text
		} else {
			s = string(n.bin)
		}
		if textEncoding(s) == 'Q' {
			return "quoted-printable"
		}
		return "base64"
	case strings.HasPrefix(ct, "multipart/") || strings.HasPrefix(ct, "message/"):
		return te
	}
	if te == "" {
		return "base64"
	}
	return te
}

func (n *mimeNode) write(sb *strings.Builder, now time.Time) {
	te := n.transferEncoding()
	sb.WriteString(n.buildHeaders(te, now))
	sb.WriteString("\r\n\r\n")
	var body []byte
	switch {
	case n.isBin:
		body = n.bin
	case n.text != nil:
		body = []byte(*n.text)
	}
	if len(body) > 0 {
		switch te {
		case "base64":
			sb.WriteString(base64Body(body))
		case "quoted-printable":
			sb.WriteString(qpWrap(qpEncode(body), 76))
		default:
			sb.Write(body)
		}
	}
	if n.boundary != "" {
		for i, c := range n.children {
			if i > 0 {
				sb.WriteString("\r\n")
			}
			sb.WriteString("--" + n.boundary + "\r\n")
			c.write(sb, now)
		}
		sb.WriteString("\r\n--" + n.boundary + "--\r\n")
	}
}

func (n *mimeNode) buildHeaders(te string, now time.Time) string {
	if te != "" {
		n.set("Content-Transfer-Encoding", te)
	}
	if n.filename != "" {
		if _, ok := n.get("Content-Disposition"); !ok {
			n.set("Content-Disposition", "attachment")
		}
	}
	if n.root == n {
		if _, ok := n.get("Date"); !ok {
			n.set("Date", now.UTC().Format("Mon, 02 Jan 2006 15:04:05")+" +0000")
		}
		if _, ok := n.get("MIME-Version"); !ok {
			n.set("MIME-Version", "1.0")
		}
		for i := len(n.headers) - 2; i >= 0; i-- {
			if n.headers[i].key == "Content-Type" {
				h := n.headers[i]
				n.headers = append(n.headers[:i], n.headers[i+1:]...)
				n.headers = append(n.headers, h)
			}
		}
	}
	var lines []string
	for _, h := range n.headers {
		key, value := h.key, h.value
		switch key {
		case "Content-Disposition":
			s := parseHeaderValue(value)
			if n.filename != "" {
				s.set("filename", n.filename)
			}
			value = s.build()
		case "Content-Type":
			s := parseHeaderValue(value)
			ct := strings.ToLower(strings.TrimSpace(s.value))
			if strings.HasPrefix(ct, "multipart/") {
				if b := s.param("boundary"); b != "" {
					n.boundary = b
				} else {
					n.boundary = "--_NmP-" + n.root.base + "-Part_" + fmt.Sprint(n.id)
					s.set("boundary", n.boundary)
				}
			}
			if strings.HasPrefix(s.value, "text/plain") && n.text != nil && hasNonLatin(*n.text) {
				s.set("charset", "utf-8")
			}
			value = s.build()
			if n.filename != "" {
				p := encodeWords(n.filename)
				if p != n.filename || paramNeedsQuote().MatchString(p) {
					p = `"` + p + `"`
				}
				value += "; name=" + p
			}
		}
		value = encodeHeaderValue(key, value)
		if strings.TrimSpace(value) == "" {
			continue
		}
		lines = append(lines, foldLines(key+": "+value, 76))
	}
	return strings.Join(lines, "\r\n")
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var paramNeedsQuote = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[\s'"\\;:/=(),<>@\[\]?]|^-`)
})

func hasNonLatin(s string) bool {
	for _, r := range s {
		if r >= 0x80 {
			return true
		}
	}
	return false
}

// encodeHeaderValue is MimeNode._encodeHeaderValue.
func encodeHeaderValue(key, value string) string {
	flat := func(s string) string {
		return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	}
	switch key {
	case "From", "Sender", "To", "Cc", "Bcc", "Reply-To":
		return convertAddresses(parseAddresses(value))
	case "Message-ID", "In-Reply-To", "Content-Id":
		value = flat(value)
		if !strings.HasPrefix(value, "<") {
			value = "<" + value
		}
		if !strings.HasSuffix(value, ">") {
			value += ">"
		}
		return value
	case "References":
		v := strings.TrimSpace(flat(value))
		v = regexp.MustCompile(`<[^>]*>`).ReplaceAllStringFunc(v, func(s string) string { return strings.Join(strings.Fields(s), "") })
		var out []string
		for _, e := range regexp.MustCompile(`\s+`).Split(v, -1) {
			if !strings.HasPrefix(e, "<") {
				e = "<" + e
			}
			if !strings.HasSuffix(e, ">") {
				e += ">"
			}
			out = append(out, e)
		}
		return strings.TrimSpace(strings.Join(out, " "))
	case "Date":
		return encodeWords(flat(value))
	case "Content-Type", "Content-Disposition":
		return flat(value)
	}
	return encodeWords(flat(value))
}

type address struct{ name, address string }

// parseAddresses is a small addressparser: comma-separated entries, each
// "Name <addr>", "<addr>" or "addr", quotes honoured.
func parseAddresses(s string) []address {
	var out []address
	var cur strings.Builder
	inQuote, inAngle := false, false
	flush := func() {
		e := strings.TrimSpace(cur.String())
		cur.Reset()
		if e == "" {
			return
		}
		var a address
		if i := strings.Index(e, "<"); i >= 0 && !insideQuotes(e, i) {
			j := strings.Index(e[i:], ">")
			if j < 0 {
				a.address = strings.TrimSpace(e[i+1:])
			} else {
				a.address = strings.TrimSpace(e[i+1 : i+j])
			}
			a.name = unquote(strings.TrimSpace(e[:i]))
		} else if strings.Contains(e, "@") {
			a.address = e
		} else {
			a.name = unquote(e)
		}
		out = append(out, a)
	}
	for _, r := range s {
		switch {
		case r == '"' && !inAngle:
			inQuote = !inQuote
		case r == '<' && !inQuote:
			inAngle = true
		case r == '>' && !inQuote:
			inAngle = false
		case r == ',' && !inQuote && !inAngle:
			flush()
			continue
		}
		cur.WriteRune(r)
	}
	flush()
	return out
}

func insideQuotes(s string, i int) bool { return strings.Count(s[:i], `"`)%2 == 1 }

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
		s = regexp.MustCompile(`\\(.)`).ReplaceAllString(s, "$1")
	}
	return strings.TrimSpace(s)
}

func normalizeAddress(a string) string {
	a = strings.TrimSpace(regexp.MustCompile(`[\x00-\x1F<>]+`).ReplaceAllString(a, " "))
	at := strings.LastIndex(a, "@")
	if at < 0 {
		return a
	}
	user, domain := a[:at], strings.ToLower(a[at+1:])
	if strings.Contains(user, " ") {
		if !strings.HasPrefix(user, `"`) {
			user = `"` + user
		}
		if !strings.HasSuffix(user, `"`) {
			user += `"`
		}
	}
	return user + "@" + domain
}

var wordName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[\w ]*$`)
})

func convertAddresses(list []address) string {
	var values []string
	for _, a := range list {
		if a.address == "" {
			continue
		}
		addr := normalizeAddress(a.address)
		if a.name == "" {
			if strings.Contains(addr, " ") {
				values = append(values, "<"+addr+">")
			} else {
				values = append(values, addr)
			}
			continue
		}
		values = append(values, encodeAddressName(a.name)+" <"+addr+">")
	}
	return strings.Join(values, ", ")
}

func encodeAddressName(name string) string {
	if wordName().MatchString(name) {
		return name
	}
	printable := true
	for i := 0; i < len(name); i++ {
		if name[i] < 0x20 || name[i] > 0x7e {
			printable = false
			break
		}
	}
	if printable {
		return `"` + regexp.MustCompile(`([\\"])`).ReplaceAllString(name, `\$1`) + `"`
	}
	return encodeWord(name, textEncoding(name), 52)
}

// utf16Len counts UTF-16 code units, which is what JavaScript's length and
// character classes see.
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// textEncoding is MimeNode._getTextEncoding: Q when fewer non-latin code
// units than latin letters, else B.
func textEncoding(s string) byte {
	nonLatin, latin := 0, 0
	for _, r := range s {
		switch {
		case r <= 0x08 || r == 0x0b || r == 0x0c || (r >= 0x0e && r <= 0x1f) || r >= 0x80:
			nonLatin += utf16Len(r)
		case (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
			latin++
		}
	}
	if nonLatin < latin {
		return 'Q'
	}
	return 'B'
}

func isPlainText(s string) bool {
	for _, r := range s {
		if r <= 0x08 || r == 0x0b || r == 0x0c || (r >= 0x0e && r <= 0x1f) || r >= 0x80 {
			return false
		}
	}
	return true
}

// hasLongerLines is /^.{n+1,}/m over UTF-16 code units.
func hasLongerLines(s string, n int) bool {
	if len(utf16.Encode([]rune(s))) > 128*1024 {
		return true
	}
	cur := 0
	for _, r := range s {
		if r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029 {
			cur = 0
			continue
		}
		cur += utf16Len(r)
		if cur > n {
			return true
		}
	}
	return false
}

var needsWords = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:^|\s)([^\s]*["\x{0080}-\x{FFFF}])`)
})

// encodeWords is mimeFuncs.encodeWords(value, enc, 52, true).
func encodeWords(v string) string {
	if !needsWordsMatch(v) {
		return v
	}
	return encodeWord(v, textEncoding(v), 52)
}

// needsWordsMatch mirrors the JavaScript class [\u0080-\uFFFF], which also
// matches the surrogate halves of astral characters.
func needsWordsMatch(v string) bool {
	for _, r := range v {
		if r == '"' || r >= 0x80 {
			return true
		}
	}
	return false
}

// encodeWord is mimeFuncs.encodeWord.
func encodeWord(data string, enc byte, maxLength int) string {
	const charset = "UTF-8"
	if maxLength > 7+len(charset) {
		maxLength -= 7 + len(charset)
	}
	var encoded string
	if enc == 'Q' {
		var b strings.Builder
		for _, c := range []byte(qpEncode([]byte(data))) {
			switch {
			case c == ' ':
				b.WriteByte('_')
			case (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strings.IndexByte("!*+-/=", c) >= 0:
				b.WriteByte(c)
			default:
				fmt.Fprintf(&b, "=%02X", c)
			}
		}
		encoded = b.String()
		if len(encoded) > maxLength {
			encoded = strings.Join(splitMimeEncoded(encoded, maxLength), "?= =?"+charset+"?Q?")
		}
	} else {
		max := ((maxLength - maxLength%4) / 4) * 3
		if max < 3 {
			max = 3
		}
		if len(base64.StdEncoding.EncodeToString([]byte(data))) > maxLength {
			var parts []string
			lpart := ""
			first := true
			for _, r := range data {
				chr := string(r)
				if len(lpart)+len(chr) <= max || first {
					lpart += chr
				} else {
					parts = append(parts, base64.StdEncoding.EncodeToString([]byte(lpart)))
					lpart = chr
				}
				first = false
			}
			if lpart != "" {
				parts = append(parts, base64.StdEncoding.EncodeToString([]byte(lpart)))
			}
			encoded = strings.Join(parts, "?= =?"+charset+"?B?")
		} else {
			encoded = base64.StdEncoding.EncodeToString([]byte(data))
		}
	}
	out := "=?" + charset + "?" + string(enc) + "?" + encoded
	if !strings.HasSuffix(encoded, "?=") {
		out += "?="
	}
	return out
}

var (
	trailingEq = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)=[0-9A-F]?$`)
	})
	leadingHex = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^=([0-9A-F]{2})`)
	})
)

func splitMimeEncoded(s string, maxlen int) []string {
	if maxlen < 12 {
		maxlen = 12
	}
	var lines []string
	for len(s) > 0 {
		cur := s[:min(maxlen, len(s))]
		if m := trailingEq().FindStringIndex(cur); m != nil {
			cur = cur[:m[0]]
		}
		for {
			m := leadingHex().FindStringSubmatch(s[len(cur):])
			if m == nil {
				break
			}
			var c int
			fmt.Sscanf(m[1], "%x", &c)
			if c < 0xc2 && c > 0x7f && len(cur) >= 3 {
				cur = cur[:len(cur)-3]
				continue
			}
			break
		}
		if len(cur) == 0 {
			// Never loop without progress.
			cur = s[:min(maxlen, len(s))]
		}
		lines = append(lines, cur)
		s = s[len(cur):]
	}
	return lines
}

// qpEncode is nodemailer's qp.encode.
func qpEncode(b []byte) string {
	var sb strings.Builder
	for i, c := range b {
		ok := c == 0x09 || c == 0x0a || c == 0x0d || (c >= 0x20 && c <= 0x3c) || (c >= 0x3e && c <= 0x7e)
		if ok && !((c == 0x20 || c == 0x09) && (i == len(b)-1 || b[i+1] == 0x0a || b[i+1] == 0x0d)) {
			sb.WriteByte(c)
			continue
		}
		fmt.Fprintf(&sb, "=%02X", c)
	}
	return sb.String()
}

var (
	qpSoftEnd = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)[=][\da-f]{0,2}$`)
	})
	qpSoftEnd1 = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)[=][\da-f]{0,1}$`)
	})
	qpOnlyHex = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(?:=[\da-f]{2}){1,4}$`)
	})
	qpLastHex = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)[=][\da-f]{2}$`)
	})
	qpBreakAt = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[ \t.,!?][^ \t.,!?]*$`)
	})
	qpNLTail = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\n[^\n\r\x{2028}\x{2029}]*$`)
	})
)

// qpWrap is nodemailer's qp.wrap (the input is ASCII, so string indexes
// are JavaScript's).
func qpWrap(str string, lineLength int) string {
	if len(str) <= lineLength {
		return str
	}
	pos, n := 0, len(str)
	margin := lineLength / 3
	var result strings.Builder
	for pos < n {
		line := str[pos:min(pos+lineLength, n)]
		if i := strings.Index(line, "\r\n"); i >= 0 {
			line = line[:i+2]
			result.WriteString(line)
			pos += len(line)
			continue
		}
		if strings.HasSuffix(line, "\n") {
			result.WriteString(line)
			pos += len(line)
			continue
		}
		tail := line[max(0, len(line)-margin):]
		if m := qpNLTail().FindStringIndex(tail); m != nil {
			mlen := len(tail) - m[0]
			line = line[:len(line)-(mlen-1)]
			result.WriteString(line)
			pos += len(line)
			continue
		} else if m := qpBreakAt().FindStringIndex(tail); len(line) > lineLength-margin && m != nil {
			mlen := len(tail) - m[0]
			line = line[:len(line)-(mlen-1)]
		} else if qpSoftEnd().MatchString(line) {
			if m := qpSoftEnd1().FindStringIndex(line); m != nil {
				line = line[:m[0]]
			}
			for len(line) > 3 && len(line) < n-pos && !qpOnlyHex().MatchString(line) {
				m := qpLastHex().FindString(line)
				if m == "" {
					break
				}
				var code int
				fmt.Sscanf(m[1:], "%x", &code)
				if code < 128 {
					break
				}
				line = line[:len(line)-3]
				if code >= 0xc0 {
					break
				}
			}
		}
		if pos+len(line) < n && !strings.HasSuffix(line, "\n") {
			if len(line) == lineLength && qpLastHex().MatchString(line) {
				line = line[:len(line)-3]
			} else if len(line) == lineLength {
				line = line[:len(line)-1]
			}
			pos += len(line)
			line += "=\r\n"
		} else {
			pos += len(line)
		}
		result.WriteString(line)
	}
	return result.String()
}

// base64Body is nodemailer's streaming base64 encoder fed one chunk: the
// whole 3-byte groups wrapped at 76 (a break after every full line), then
// the rest.
func base64Body(b []byte) string {
	main := len(b) - len(b)%3
	enc := base64.StdEncoding.EncodeToString(b[:main])
	var sb strings.Builder
	if len(enc) <= 76 {
		sb.WriteString(enc)
	} else {
		for i := 0; i < len(enc); i += 76 {
			end := min(i+76, len(enc))
			sb.WriteString(enc[i:end])
			if end-i == 76 {
				sb.WriteString("\r\n")
			}
		}
	}
	if main < len(b) {
		sb.WriteString(base64.StdEncoding.EncodeToString(b[main:]))
	}
	return sb.String()
}

// foldLines is mimeFuncs.foldLines(str, lineLength) (afterSpace false).
func foldLines(str string, lineLength int) string {
	// Work on UTF-16 units as JavaScript does; header values here are
	// ASCII after encoding, so bytes are units in practice.
	if !utf8.ValidString(str) {
		str = strings.ToValidUTF8(str, "\uFFFD")
	}
	pos, n := 0, len(str)
	var result strings.Builder
	for pos < n {
		line := str[pos:min(pos+lineLength, n)]
		if len(line) < lineLength {
			result.WriteString(line)
			break
		}
		if m := regexp.MustCompile(`^[^\n\r]*(\r?\n|\r)`).FindString(line); m != "" {
			result.WriteString(m)
			pos += len(m)
			continue
		}
		if loc := regexp.MustCompile(`(\s+)[^\s]*$`).FindStringIndex(line); loc != nil && len(line)-loc[0] < len(line) {
			line = line[:loc[0]]
		} else if m := regexp.MustCompile(`^[^\s]+(\s*)`).FindStringSubmatch(str[pos+len(line):]); m != nil {
			line += m[0][:len(m[0])-len(m[1])]
		}
		result.WriteString(line)
		pos += len(line)
		if pos < n {
			result.WriteString("\r\n")
		}
	}
	return result.String()
}

// structured is a parsed header value: value and ordered params.
type structured struct {
	value  string
	keys   []string
	params map[string]string
}

func (s *structured) set(k, v string) {
	if _, ok := s.params[k]; !ok {
		s.keys = append(s.keys, k)
	}
	s.params[k] = v
}

func (s *structured) param(k string) string { return s.params[k] }

// parseHeaderValue is mimeFuncs.parseHeaderValue without RFC 2231
// continuations (nodemailer never feeds itself those here).
func parseHeaderValue(str string) *structured {
	s := &structured{params: map[string]string{}}
	var key *string
	value := ""
	inKey := false
	quote := false
	escaped := false
	finish := func() {
		if key == nil {
			s.value = strings.TrimSpace(value)
		} else {
			s.set(*key, strings.TrimSpace(value))
		}
	}
	for _, c := range str {
		if inKey {
			if c == '=' {
				k := strings.ToLower(strings.TrimSpace(value))
				key = &k
				inKey = false
				value = ""
				continue
			}
			value += string(c)
			continue
		}
		switch {
		case escaped:
			value += string(c)
		case c == '\\':
			escaped = true
			continue
		case quote && c == '"':
			quote = false
		case !quote && c == '"':
			quote = true
		case !quote && c == ';':
			finish()
			inKey = true
			value = ""
		default:
			value += string(c)
		}
		escaped = false
	}
	if !inKey {
		finish()
	} else if v := strings.TrimSpace(value); v != "" {
		s.set(strings.ToLower(v), "")
	}
	return s
}

var paramSpecial = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[\s"\\;:/=(),<>@\[\]?]|^[-']|'$`)
})

// build is mimeFuncs.buildHeaderValue.
func (s *structured) build() string {
	var parts []string
	for _, k := range s.keys {
		v := s.params[k]
		switch {
		case !isPlainParam(v) || len(utf16.Encode([]rune(v))) >= 75:
			for _, p := range buildHeaderParam(k, v, 50) {
				if !paramSpecial().MatchString(p.value) || strings.HasSuffix(p.key, "*") {
					parts = append(parts, p.key+"="+p.value)
				} else {
					parts = append(parts, p.key+"="+jsonString(p.value))
				}
			}
		case paramNeedsQuote().MatchString(v):
			parts = append(parts, k+"="+jsonString(v))
		default:
			parts = append(parts, k+"="+v)
		}
	}
	if len(parts) == 0 {
		return s.value
	}
	return s.value + "; " + strings.Join(parts, "; ")
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func isPlainParam(s string) bool {
	for _, r := range s {
		if r <= 0x08 || r == 0x0b || r == 0x0c || (r >= 0x0e && r <= 0x1f) || r == '"' || r >= 0x80 {
			return false
		}
	}
	return true
}

type headerParam struct{ key, value string }

// buildHeaderParam is mimeFuncs.buildHeaderParam (RFC 2231 continuations).
func buildHeaderParam(key, data string, maxLength int) []headerParam {
	type item struct {
		line    string
		encoded bool
	}
	var list []item
	if isPlainParam(data) {
		if len(data) <= maxLength {
			return []headerParam{{key, data}}
		}
		for len(data) >= maxLength {
			list = append(list, item{line: data[:maxLength]})
			data = data[maxLength:]
		}
		if data != "" {
			list = append(list, item{line: data})
		}
	} else {
		chars := []string{}
		for _, r := range data {
			chars = append(chars, string(r))
		}
		line := "utf-8''"
		encoded := true
		startPos := 0
		for i := 0; i < len(chars); i++ {
			chr := chars[i]
			if encoded {
				chr = safeEncodeURIComponent(chr)
			} else {
				if chr != " " {
					chr = safeEncodeURIComponent(chr)
				}
				if chr != chars[i] {
					if len(safeEncodeURIComponent(line)+chr) >= maxLength {
						list = append(list, item{line, encoded})
						line = ""
						startPos = i - 1
					} else {
						encoded = true
						i = startPos
						line = ""
						continue
					}
				}
			}
			if len(line+chr) >= maxLength {
				list = append(list, item{line, encoded})
				if chars[i] == " " {
					chr = " "
				} else {
					chr = safeEncodeURIComponent(chars[i])
				}
				line = chr
				if chr == chars[i] {
					encoded = false
					startPos = i - 1
				} else {
					encoded = true
				}
			} else {
				line += chr
			}
		}
		if line != "" {
			list = append(list, item{line, encoded})
		}
	}
	out := make([]headerParam, len(list))
	for i, it := range list {
		k := fmt.Sprintf("%s*%d", key, i)
		if it.encoded {
			k += "*"
		}
		out[i] = headerParam{k, it.line}
	}
	return out
}

// safeEncodeURIComponent is encodeURIComponent plus nodemailer's extra
// escapes.
func safeEncodeURIComponent(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		unreserved := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strings.IndexByte("-_.!~", c) >= 0
		if unreserved {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
