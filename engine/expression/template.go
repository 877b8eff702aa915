package expression

import "strings"

// chunk is one piece of a template: literal text or the code between {{ }}.
type chunk struct {
	code bool
	text string
	pos  int // offset of text in the template (after the leading "=")
}

// splitTemplate cuts a template (without its leading "=") into alternating
// text and code chunks the way n8n's splitter does: a naive scan for "{{"
// and "}}" that knows nothing of JavaScript, where an odd run of
// backslashes before the brackets makes them literal, and where a missing
// "}}" lets the code run to the end. The list always starts with a text
// chunk.
func splitTemplate(s string) []chunk {
	if s == "" {
		return []chunk{{text: ""}}
	}
	var chunks []chunk
	open := true
	var buf strings.Builder
	index := 0
	bufStart := 0
	for index < len(s) {
		rest := s[index:]
		marker := "{{"
		if !open {
			marker = "}}"
		}
		i := strings.Index(rest, marker)
		if i < 0 {
			buf.WriteString(rest)
			if open {
				chunks = append(chunks, chunk{text: buf.String(), pos: bufStart})
			} else {
				chunks = append(chunks, chunk{code: true, text: unescapeCode(buf.String()), pos: bufStart})
			}
			break
		}
		before := rest[:i]
		bs := 0
		for j := len(before) - 1; j >= 0 && before[j] == '\\'; j-- {
			bs++
		}
		if bs%2 == 1 {
			buf.WriteString(rest[:i+2])
			index += i + 2
			continue
		}
		buf.WriteString(before)
		if open {
			chunks = append(chunks, chunk{text: strings.ReplaceAll(buf.String(), `\\`, `\`), pos: bufStart})
		} else {
			chunks = append(chunks, chunk{code: true, text: unescapeCode(buf.String()), pos: bufStart})
		}
		open = !open
		index += i + 2
		buf.Reset()
		bufStart = index
	}
	return chunks
}

// unescapeCode turns the first `\}}` of a code chunk into `}}`, as n8n does
// (a JavaScript string replace, so only the first occurrence).
func unescapeCode(s string) string {
	return strings.Replace(s, `\}}`, "}}", 1)
}
