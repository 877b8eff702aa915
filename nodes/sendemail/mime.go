package sendemail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"time"
)

// The message is laid out as nodemailer (n8n's mailer) lays it out: the
// same header order and folding, 7bit for short ASCII text, quoted-
// printable or base64 otherwise (by nodemailer's latin/non-latin count),
// multipart/alternative for text+HTML, multipart/mixed with attachments,
// and its boundary and Message-ID shapes. Boundaries, Message-ID and Date
// are random or clock values, so only their shape matches.

// attachment is one file from a binary property.
type attachment struct {
	filename, mimeType, cid string
	content                 []byte
}

// message is what the node sends.
type message struct {
	from, to, cc, bcc, replyTo, subject string
	text, html                          *string
	attachments                         []attachment
	date                                time.Time
}

// address is one parsed address: its display form is kept as written.
type address struct{ name, addr string }

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var angle = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`<([^<>]*)>`)
})

// parseAddresses splits an address list as nodemailer's addressparser
// does for ordinary input: comma-separated, "Name <addr>" or bare addr.
func parseAddresses(s string) []address {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if list, err := mail.ParseAddressList(s); err == nil {
		out := make([]address, len(list))
		for i, a := range list {
			out[i] = address{name: a.Name, addr: a.Address}
		}
		return out
	}
	var out []address
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if m := angle().FindStringSubmatch(part); m != nil {
			name := strings.Trim(strings.TrimSpace(part[:strings.Index(part, "<")]), `"`)
			out = append(out, address{name: name, addr: strings.TrimSpace(m[1])})
			continue
		}
		out = append(out, address{addr: part})
	}
	return out
}

// envelope is nodemailer's: the first From address, and every To, Cc and
// Bcc address once.
func (m *message) envelope() (string, []string) {
	from := ""
	if f := parseAddresses(m.from); len(f) > 0 {
		from = f[0].addr
	}
	seen := map[string]bool{}
	var to []string
	for _, list := range []string{m.to, m.cc, m.bcc} {
		for _, a := range parseAddresses(list) {
			if a.addr != "" && !seen[a.addr] {
				seen[a.addr] = true
				to = append(to, a.addr)
			}
		}
	}
	return from, to
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// messageID is nodemailer's <uuid-like@sender-domain>.
func (m *message) messageID() string {
	from, _ := m.envelope()
	domain := "localhost"
	if i := strings.LastIndex(from, "@"); i >= 0 {
		domain = from[i+1:]
	}
	h := randomHex(16)
	return "<" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32] + "@" + domain + ">"
}

// addressHeader writes an address list, encoding non-ASCII names.
func addressHeader(s string) string {
	list := parseAddresses(s)
	parts := make([]string, 0, len(list))
	for _, a := range list {
		if a.name == "" {
			parts = append(parts, a.addr)
			continue
		}
		name := a.name
		if !isPlain(name) {
			name = encodeWord(name)
		} else if strings.ContainsAny(name, `()<>[]:;@\,."`) {
			name = `"` + strings.ReplaceAll(name, `"`, `\"`) + `"`
		}
		parts = append(parts, name+" <"+a.addr+">")
	}
	return strings.Join(parts, ", ")
}

var nonPlain = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile("[\x00-\x08\x0b\x0c\x0e-\x1f\u0080-\uffff]")
})

func isPlain(s string) bool { return !nonPlain().MatchString(s) }

// textEncoding is nodemailer's choice between Q and B: Q when latin
// letters outnumber the other characters.
func textEncoding(s string) byte {
	non := len(nonPlain().FindAllStringIndex(s, -1))
	latin := 0
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			latin++
		}
	}
	if non < latin {
		return 'Q'
	}
	return 'B'
}

// encodeWord is an RFC 2047 encoded word as nodemailer writes it.
func encodeWord(s string) string {
	if textEncoding(s) == 'B' {
		return "=?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte(s)) + "?="
	}
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c == ' ':
			b.WriteByte('_')
		case (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strings.IndexByte("!*+-/", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "=%02X", c)
		}
	}
	return "=?UTF-8?Q?" + b.String() + "?="
}

func subjectHeader(s string) string {
	if isPlain(s) {
		return s
	}
	return encodeWord(s)
}

// header folds a header line longer than 76 characters at "; " as
// nodemailer does for Content-Type parameters.
func header(b *bytes.Buffer, name, value string) {
	line := name + ": " + value
	if len(line) > 76 && strings.Contains(value, "; ") {
		line = strings.Replace(line, "; ", ";\r\n ", 1)
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

func hasLongLines(s string, n int) bool {
	for l := range strings.SplitSeq(s, "\n") {
		if len(strings.TrimSuffix(l, "\r")) > n {
			return true
		}
	}
	return false
}

// textPart encodes a text body: its Content-Transfer-Encoding and content.
//
// Line ends stay as written: like nodemailer, the SMTP DATA stream turns
// bare LFs into CRLF (go-smtp's dot writer does it on the wire).
func textPart(s string) (string, string) {
	if isPlain(s) && !hasLongLines(s, 76) {
		return "7bit", s
	}
	if textEncoding(s) == 'Q' {
		return "quoted-printable", qpWrap(qpEncode(s), 76)
	}
	return "base64", base64Lines([]byte(s))
}

func base64Lines(b []byte) string {
	enc := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(enc) > 76 {
		out.WriteString(enc[:76])
		out.WriteString("\r\n")
		enc = enc[76:]
	}
	out.WriteString(enc)
	return out.String()
}

// build renders the whole message (Bcc is not written, as nodemailer's
// SMTP transport leaves it out).
func (m *message) build() []byte {
	var b bytes.Buffer
	if m.from != "" {
		header(&b, "From", addressHeader(m.from))
	}
	if m.to != "" {
		header(&b, "To", addressHeader(m.to))
	}
	if m.cc != "" {
		header(&b, "Cc", addressHeader(m.cc))
	}
	if m.replyTo != "" {
		header(&b, "Reply-To", addressHeader(m.replyTo))
	}
	header(&b, "Subject", subjectHeader(m.subject))
	header(&b, "Message-ID", m.messageID())
	date := m.date.UTC().Format("Mon, 02 Jan 2006 15:04:05") + " +0000"

	type part struct {
		ctype, cte, body string
		extra            [][2]string
	}
	var alts []part
	if m.text != nil {
		cte, body := textPart(*m.text)
		alts = append(alts, part{ctype: "text/plain; charset=utf-8", cte: cte, body: body})
	}
	if m.html != nil {
		cte, body := textPart(*m.html)
		alts = append(alts, part{ctype: "text/html; charset=utf-8", cte: cte, body: body})
	}
	var atts []part
	for _, a := range m.attachments {
		ct := a.mimeType
		if ct == "" {
			ct = "application/octet-stream"
		}
		var extra [][2]string
		if a.cid != "" { // typeVersion 1 gives no cid
			extra = [][2]string{{"Content-ID", "<" + a.cid + ">"}}
		}
		atts = append(atts, part{ctype: ct + "; name=" + paramValue(a.filename), cte: "base64", body: base64Lines(a.content),
			extra: extra})
	}
	if len(alts) == 0 && len(atts) == 0 {
		alts = append(alts, part{ctype: "text/plain", cte: "7bit"})
	}
	n := 0
	boundary := func() string {
		n++
		return fmt.Sprintf("--_NmP-%s-Part_%d", randomHex(8), n)
	}
	writePart := func(p part, disposition string) {
		header(&b, "Content-Type", p.ctype)
		for _, e := range p.extra {
			header(&b, e[0], e[1])
		}
		header(&b, "Content-Transfer-Encoding", p.cte)
		if disposition != "" {
			header(&b, "Content-Disposition", disposition)
		}
		b.WriteString("\r\n")
		b.WriteString(p.body)
	}
	// A single text part: its headers on the root, as nodemailer does.
	if len(atts) == 0 && len(alts) == 1 {
		header(&b, "Content-Transfer-Encoding", alts[0].cte)
		header(&b, "Date", date)
		header(&b, "MIME-Version", "1.0")
		header(&b, "Content-Type", alts[0].ctype)
		b.WriteString("\r\n")
		b.WriteString(alts[0].body)
		b.WriteString("\r\n")
		return b.Bytes()
	}
	header(&b, "Date", date)
	header(&b, "MIME-Version", "1.0")
	writeAlternative := func(bd string) {
		header(&b, "Content-Type", `multipart/alternative; boundary="`+bd+`"`)
		b.WriteString("\r\n")
		for _, p := range alts {
			b.WriteString("--" + bd + "\r\n")
			writePart(p, "")
			b.WriteString("\r\n")
		}
		b.WriteString("--" + bd + "--\r\n")
	}
	if len(atts) == 0 {
		writeAlternative(boundary())
		return b.Bytes()
	}
	outer := boundary()
	header(&b, "Content-Type", `multipart/mixed; boundary="`+outer+`"`)
	b.WriteString("\r\n")
	if len(alts) == 1 {
		b.WriteString("--" + outer + "\r\n")
		writePart(alts[0], "")
		b.WriteString("\r\n")
	} else if len(alts) > 1 {
		b.WriteString("--" + outer + "\r\n")
		writeAlternative(boundary())
	}
	for i, p := range atts {
		b.WriteString("--" + outer + "\r\n")
		writePart(p, "attachment; filename="+paramValue(m.attachments[i].filename))
		b.WriteString("\r\n")
	}
	b.WriteString("--" + outer + "--\r\n")
	return b.Bytes()
}

// paramValue quotes a header parameter value when it has special
// characters, as nodemailer does.
func paramValue(v string) string {
	if !isPlain(v) {
		return "=?UTF-8?Q?" + strings.TrimSuffix(strings.TrimPrefix(encodeWord(v), "=?UTF-8?Q?"), "?=") + "?="
	}
	if strings.ContainsAny(v, " \t\"\\;:/=(),<>@[]?") || strings.HasPrefix(v, "-") || strings.HasPrefix(v, "'") || strings.HasSuffix(v, "'") {
		return `"` + strings.ReplaceAll(v, `"`, `\"`) + `"`
	}
	return v
}
