package gmail

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// header is one header line of a MIME entity, unfolded.
type header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// entity is a parsed MIME entity: its headers in order, its decoded body
// (leaves) or its parts (multipart).
type entity struct {
	headers  []header
	mimeType string
	params   map[string]string
	body     []byte
	parts    []*entity
}

func (e *entity) get(name string) string {
	for _, h := range e.headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// maxDepth bounds multipart nesting (a crafted message must not recurse
// without end).
const maxDepth = 20

// parseMIME parses an RFC 822 message. It never fails: what it cannot
// read is kept as a text/plain body.
func parseMIME(text string) *entity { return parseEntity(normalizeNewlines(text), 0) }

func normalizeNewlines(s string) string {
	return strings.ReplaceAll(s, "\r\n", "\n")
}

func parseEntity(s string, depth int) *entity {
	head, body, ok := strings.Cut(s, "\n\n")
	if !ok {
		if strings.HasPrefix(s, "\n") {
			head, body = "", s[1:]
		} else {
			head, body = s, ""
		}
	}
	e := &entity{headers: parseHeaders(head)}
	mt, params, err := mime.ParseMediaType(e.get("Content-Type"))
	if err != nil || mt == "" {
		mt, params = "text/plain", map[string]string{}
	}
	e.mimeType, e.params = mt, params
	if strings.HasPrefix(mt, "multipart/") && params["boundary"] != "" && depth < maxDepth {
		for _, p := range splitParts(body, params["boundary"]) {
			e.parts = append(e.parts, parseEntity(p, depth+1))
		}
		return e
	}
	e.body = decodeBody(body, e.get("Content-Transfer-Encoding"))
	return e
}

func parseHeaders(head string) []header {
	var out []header
	for _, line := range strings.Split(head, "\n") {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(out) > 0 {
			out[len(out)-1].Value += " " + strings.TrimLeft(line, " \t")
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		out = append(out, header{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
	}
	return out
}

func splitParts(body, boundary string) []string {
	var parts []string
	var cur []string
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

func decodeBody(body, cte string) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		clean := strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, body)
		if b, err := base64.StdEncoding.DecodeString(clean); err == nil {
			return b
		}
		if b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(clean, "=")); err == nil {
			return b
		}
		return []byte(body)
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(strings.ReplaceAll(body, "\n", "\r\n"))))
		if err != nil {
			return []byte(body)
		}
		return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	return []byte(body)
}

// filename is the entity's attachment file name ("" for body parts).
func (e *entity) filename() string {
	if _, p, err := mime.ParseMediaType(e.get("Content-Disposition")); err == nil && p["filename"] != "" {
		return decodeWords(p["filename"])
	}
	return decodeWords(e.params["name"])
}

func decodeWords(s string) string {
	if d, err := new(mime.WordDecoder).DecodeHeader(s); err == nil {
		return d
	}
	return s
}

// firstText is the first leaf of the given type that is not an attachment.
func (e *entity) firstText(mt string) ([]byte, bool) {
	if len(e.parts) == 0 {
		if e.mimeType == mt && e.filename() == "" {
			return e.body, true
		}
		return nil, false
	}
	for _, p := range e.parts {
		if b, ok := p.firstText(mt); ok {
			return b, true
		}
	}
	return nil, false
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var (
	tagRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)<style.*?</style>|<[^>]*>`)
	})
	spaceRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\s+`)
	})
)

// snippetEscaper escapes the way Gmail's snippets are escaped.
var snippetEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&#39;", `"`, "&quot;")

// snippet is Gmail's short text of a message: the start of its plain text
// (or of its HTML without tags), whitespace collapsed, HTML-escaped.
func snippet(e *entity) string {
	text, ok := e.firstText("text/plain")
	if !ok {
		h, ok := e.firstText("text/html")
		if !ok {
			return ""
		}
		text = []byte(unescapeHTML(tagRE().ReplaceAllString(string(h), " ")))
	}
	s := strings.TrimSpace(spaceRE().ReplaceAllString(string(text), " "))
	if utf8.RuneCountInString(s) > 200 {
		s = strings.TrimSpace(string([]rune(s)[:200]))
	}
	return snippetEscaper.Replace(s)
}

var htmlUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#39;", "'", "&quot;", `"`, "&nbsp;", " ")

func unescapeHTML(s string) string { return htmlUnescaper.Replace(s) }

// Part is a message part as the API's full and metadata formats give it.
type Part struct {
	PartID   string    `json:"partId"`
	MimeType string    `json:"mimeType"`
	Filename string    `json:"filename"`
	Headers  []header  `json:"headers"`
	Body     *PartBody `json:"body,omitempty"`
	Parts    []*Part   `json:"parts,omitempty"`
}

// PartBody is a part's body: data inline, or an attachment id.
type PartBody struct {
	AttachmentID string `json:"attachmentId,omitempty"`
	Size         int    `json:"size"`
	Data         string `json:"data,omitempty"`
}

// payload is the full format's tree; attachment parts get the id
// "<messageId>.<partId>" that users.messages.attachments.get accepts.
func payload(e *entity, partID, msgID string) *Part {
	p := &Part{PartID: partID, MimeType: e.mimeType, Filename: e.filename(), Headers: e.headers}
	if p.Headers == nil {
		p.Headers = []header{}
	}
	if len(e.parts) > 0 || strings.HasPrefix(e.mimeType, "multipart/") {
		p.Body = &PartBody{}
		for i, c := range e.parts {
			id := strconv.Itoa(i)
			if partID != "" {
				id = partID + "." + id
			}
			p.Parts = append(p.Parts, payload(c, id, msgID))
		}
		return p
	}
	if p.Filename != "" {
		p.Body = &PartBody{AttachmentID: attachmentID(msgID, partID), Size: len(e.body)}
		return p
	}
	p.Body = &PartBody{Size: len(e.body)}
	if len(e.body) > 0 {
		p.Body.Data = base64.URLEncoding.EncodeToString(e.body)
	}
	return p
}

func attachmentID(msgID, partID string) string {
	if partID == "" {
		partID = "0"
	}
	return "ANGjdJ" + msgID + "_" + strings.ReplaceAll(partID, ".", "_")
}

// findAttachment returns the part an attachment id names.
func findAttachment(e *entity, msgID, id string) *entity {
	var walk func(e *entity, partID string) *entity
	walk = func(e *entity, partID string) *entity {
		if len(e.parts) == 0 {
			if attachmentID(msgID, partID) == id {
				return e
			}
			return nil
		}
		for i, c := range e.parts {
			cid := strconv.Itoa(i)
			if partID != "" {
				cid = partID + "." + cid
			}
			if x := walk(c, cid); x != nil {
				return x
			}
		}
		return nil
	}
	return walk(e, "")
}

var (
	boundaryRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)boundary="?([^";\s]+)"?`)
	})
	msgIDRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?im)^(Message-ID:[ \t]*)([^\r\n]*)`)
	})
	dateRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?im)^(Date:[ \t]*)([^\r\n]*)`)
	})
)

// Normalize replaces what differs between two builds of the same message
// (random multipart boundaries, the generated Message-ID and Date headers)
// with fixed text, so request logs and states of two runs compare.
// Only the top-level headers are touched; boundaries are renamed in
// order of appearance.
func Normalize(text string) string {
	head, body, ok := strings.Cut(text, "\r\n\r\n")
	sep := "\r\n\r\n"
	if !ok {
		head, body, ok = strings.Cut(text, "\n\n")
		sep = "\n\n"
	}
	head = msgIDRE().ReplaceAllString(head, "${1}<normalized-message-id>")
	head = dateRE().ReplaceAllString(head, "${1}normalized-date")
	text = head
	if ok {
		text += sep + body
	}
	n := 0
	seen := map[string]string{}
	for _, m := range boundaryRE().FindAllStringSubmatch(text, -1) {
		b := m[1]
		if _, done := seen[b]; done {
			continue
		}
		n++
		seen[b] = "BOUNDARY-" + strconv.Itoa(n)
	}
	for b, r := range seen {
		text = strings.ReplaceAll(text, b, r)
	}
	return text
}
