package telegram

import (
	"html"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/n8n-go/n8n-go/engine/data"
)

// entity is a MessageEntity; offsets and lengths count UTF-16 code units.
type entity struct {
	offset, length int
	typ, url       string
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += len(utf16.Encode([]rune{r}))
	}
	return n
}

// parseText applies a parse mode as the Bot API does: it returns the text
// without markup and its entities (markup ones, then the URLs, mentions,
// hashtags and commands the API detects), or the API's "can't parse
// entities" error.
func parseText(text, mode string) (string, []any, *apiError) {
	var out string
	var ents []entity
	var err *apiError
	switch strings.ToLower(mode) {
	case "markdown":
		out, ents, err = parseMarkdown(text)
	case "html":
		out, ents, err = parseHTML(text)
	case "markdownv2":
		out, ents, err = parseMarkdownV2(text)
	case "":
		out = text
	default:
		return "", nil, badRequest("unsupported parse_mode")
	}
	if err != nil {
		return "", nil, err
	}
	ents = append(ents, detect(out, ents)...)
	sort.SliceStable(ents, func(i, j int) bool {
		if ents[i].offset != ents[j].offset {
			return ents[i].offset < ents[j].offset
		}
		return ents[i].length > ents[j].length
	})
	list := make([]any, 0, len(ents))
	for _, e := range ents {
		o := data.ObjectOf("offset", float64(e.offset), "length", float64(e.length), "type", e.typ)
		if e.url != "" {
			o.Set("url", e.url)
		}
		list = append(list, o)
	}
	return out, list, nil
}

func cantParse(format string, args ...any) *apiError {
	return badRequest("can't parse entities: "+format, args...)
}

// parseMarkdown is the legacy Markdown mode: *bold*, _italic_, `code`,
// ```pre```, [text](url); a backslash escapes the next markup character.
func parseMarkdown(s string) (string, []entity, *apiError) {
	var b strings.Builder
	var ents []entity
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("_*`[", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i += 2
		case c == '_' || c == '*':
			end := strings.IndexByte(s[i+1:], c)
			if end < 0 {
				return "", nil, cantParse("Can't find end of the entity starting at byte offset %d", i)
			}
			inner := s[i+1 : i+1+end]
			start := utf16Len(b.String())
			b.WriteString(inner)
			if inner != "" {
				ents = append(ents, entity{offset: start, length: utf16Len(inner), typ: map[byte]string{'_': "italic", '*': "bold"}[c]})
			}
			i += end + 2
		case c == '`':
			delim := "`"
			typ := "code"
			if strings.HasPrefix(s[i:], "```") {
				delim, typ = "```", "pre"
			}
			end := strings.Index(s[i+len(delim):], delim)
			if end < 0 {
				return "", nil, cantParse("Can't find end of the entity starting at byte offset %d", i)
			}
			inner := s[i+len(delim) : i+len(delim)+end]
			if typ == "pre" {
				inner = strings.TrimPrefix(inner, "\n")
			}
			start := utf16Len(b.String())
			b.WriteString(inner)
			if inner != "" {
				ents = append(ents, entity{offset: start, length: utf16Len(inner), typ: typ})
			}
			i += len(delim) + end + len(delim)
		case c == '[':
			end := strings.IndexByte(s[i+1:], ']')
			if end < 0 {
				return "", nil, cantParse("Can't find end of the entity starting at byte offset %d", i)
			}
			inner := s[i+1 : i+1+end]
			j := i + 1 + end + 1
			url := ""
			if j < len(s) && s[j] == '(' {
				close := strings.IndexByte(s[j:], ')')
				if close < 0 {
					return "", nil, cantParse("Can't find end of a URL at byte offset %d", j)
				}
				url = s[j+1 : j+close]
				j += close + 1
			}
			start := utf16Len(b.String())
			b.WriteString(inner)
			if inner != "" && url != "" {
				ents = append(ents, entity{offset: start, length: utf16Len(inner), typ: "text_link", url: url})
			}
			i = j
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String(), ents, nil
}

var htmlTags = map[string]string{"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "code": "code", "pre": "pre", "a": "text_link",
	"tg-spoiler": "spoiler", "blockquote": "blockquote"}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var hrefRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
})

// parseHTML is the HTML mode with the tags the Bot API knows.
func parseHTML(s string) (string, []entity, *apiError) {
	type open struct {
		tag, url string
		start    int
	}
	var b strings.Builder
	var ents []entity
	var stack []open
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return "", nil, cantParse("Unclosed start tag at byte offset %d", i)
			}
			tag := s[i+1 : i+end]
			if strings.HasPrefix(tag, "/") {
				name := strings.ToLower(strings.TrimSpace(tag[1:]))
				if len(stack) == 0 {
					return "", nil, cantParse("Unexpected end tag at byte offset %d", i)
				}
				if want := stack[len(stack)-1].tag; want != name {
					return "", nil, cantParse("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, want, name)
				}
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if l := utf16Len(b.String()) - o.start; l > 0 {
					ents = append(ents, entity{offset: o.start, length: l, typ: htmlTags[o.tag], url: o.url})
				}
			} else {
				name, attrs, _ := strings.Cut(tag, " ")
				name = strings.ToLower(name)
				if _, ok := htmlTags[name]; !ok {
					return "", nil, cantParse("Unsupported start tag \"%s\" at byte offset %d", name, i)
				}
				url := ""
				if name == "a" {
					if m := hrefRe().FindStringSubmatch(attrs); m != nil {
						url = html.UnescapeString(m[1] + m[2] + m[3])
					}
				}
				stack = append(stack, open{tag: name, url: url, start: utf16Len(b.String())})
			}
			i += end + 1
		case '&':
			end := strings.IndexByte(s[i:], ';')
			if end > 0 && end < 10 {
				b.WriteString(html.UnescapeString(s[i : i+end+1]))
				i += end + 1
				continue
			}
			b.WriteByte(c)
			i++
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	if len(stack) > 0 {
		return "", nil, cantParse("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].tag)
	}
	return b.String(), ents, nil
}

// parseMarkdownV2 handles MarkdownV2's bold, italic, underline,
// strikethrough, spoiler, code, pre and links, and its rule that every
// reserved character outside markup is escaped.
func parseMarkdownV2(s string) (string, []entity, *apiError) {
	type open struct {
		delim string
		start int
	}
	var b strings.Builder
	var ents []entity
	var stack []open
	types := map[string]string{"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler"}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			b.WriteByte(s[i+1])
			i += 2
		case c == '`':
			delim, typ := "`", "code"
			if strings.HasPrefix(s[i:], "```") {
				delim, typ = "```", "pre"
			}
			end := strings.Index(s[i+len(delim):], delim)
			if end < 0 {
				return "", nil, cantParse("Can't find end of %s entity at byte offset %d", map[string]string{"code": "Code", "pre": "Pre"}[typ], i)
			}
			inner := strings.NewReplacer("\\`", "`", "\\\\", "\\").Replace(s[i+len(delim) : i+len(delim)+end])
			if typ == "pre" {
				if nl := strings.IndexByte(inner, '\n'); nl >= 0 {
					inner = inner[nl+1:]
				}
			}
			start := utf16Len(b.String())
			b.WriteString(inner)
			if inner != "" {
				ents = append(ents, entity{offset: start, length: utf16Len(inner), typ: typ})
			}
			i += 2*len(delim) + end
		case c == '*' || c == '_' || c == '~' || (c == '|' && strings.HasPrefix(s[i:], "||")):
			delim := string(c)
			if strings.HasPrefix(s[i:], "__") || strings.HasPrefix(s[i:], "||") {
				delim = s[i : i+2]
			}
			if n := len(stack); n > 0 && stack[n-1].delim == delim {
				o := stack[n-1]
				stack = stack[:n-1]
				if l := utf16Len(b.String()) - o.start; l > 0 {
					ents = append(ents, entity{offset: o.start, length: l, typ: types[delim]})
				}
			} else {
				stack = append(stack, open{delim: delim, start: utf16Len(b.String())})
			}
			i += len(delim)
		case c == '[':
			end := strings.Index(s[i:], "](")
			if end < 0 {
				return "", nil, cantParse("Character '[' is reserved and must be escaped with the preceding '\\'")
			}
			close := strings.IndexByte(s[i+end:], ')')
			if close < 0 {
				return "", nil, cantParse("Can't find end of a URL at byte offset %d", i+end+1)
			}
			inner, _, _ := parseMarkdownV2(s[i+1 : i+end])
			start := utf16Len(b.String())
			b.WriteString(inner)
			ents = append(ents, entity{offset: start, length: utf16Len(inner), typ: "text_link", url: s[i+end+2 : i+end+close]})
			i += end + close + 1
		case strings.IndexByte("[]()>#+-=|{}.!", c) >= 0:
			return "", nil, cantParse("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	if len(stack) > 0 {
		return "", nil, cantParse("Can't find end of %s entity at byte offset %d", strings.Title(types[stack[0].delim]), stack[0].start)
	}
	return b.String(), ents, nil
}

var detectRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:https?://|www\.)[^\s<>"]+|@[A-Za-z][A-Za-z0-9_]{4,31}|#[\p{L}\p{N}_]+|(?:^|\s)/[A-Za-z0-9_]{1,64}`)
})

// detect finds the URLs, mentions, hashtags and bot commands the API marks
// in plain text (not inside markup entities).
func detect(text string, markup []entity) []entity {
	var out []entity
	for _, m := range detectRe().FindAllStringIndex(text, -1) {
		seg := text[m[0]:m[1]]
		lead := len(seg) - len(strings.TrimLeft(seg, " \t\n\r"))
		seg = seg[lead:]
		seg = strings.TrimRight(seg, ".,;:!?)")
		start := utf16Len(text[:m[0]+lead])
		e := entity{offset: start, length: utf16Len(seg)}
		switch seg[0] {
		case '@':
			e.typ = "mention"
		case '#':
			e.typ = "hashtag"
		case '/':
			e.typ = "bot_command"
		default:
			e.typ = "url"
		}
		covered := false
		for _, k := range markup {
			if e.offset < k.offset+k.length && k.offset < e.offset+e.length && (k.typ == "text_link" || k.typ == "code" || k.typ == "pre") {
				covered = true
			}
		}
		if !covered {
			out = append(out, e)
		}
	}
	return out
}
