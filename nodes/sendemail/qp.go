package sendemail

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// qpEncode is nodemailer's quoted-printable encoding: printable ASCII,
// tab, CR and LF kept, "=" and everything else as =XX, and a space or
// tab before a line end or at the very end encoded.
func qpEncode(s string) string {
	b := []byte(s)
	var out strings.Builder
	for i, c := range b {
		keep := c == 0x09 || c == 0x0a || c == 0x0d || (c >= 0x20 && c <= 0x3c) || (c >= 0x3e && c <= 0x7e)
		if keep && (c == 0x20 || c == 0x09) && (i == len(b)-1 || b[i+1] == 0x0a || b[i+1] == 0x0d) {
			keep = false
		}
		if keep {
			out.WriteByte(c)
			continue
		}
		fmt.Fprintf(&out, "=%02X", c)
	}
	return out.String()
}

// qpPatterns are the regexps of qpWrap, compiled on its first use rather
// than at package init, which every invocation of the binary would pay for.
type qpPatterns struct {
	trailingLF, trailingWord, partialSeq, partialOne, wholeSeqs, lastSeq *regexp.Regexp
}

var qpRegexps = sync.OnceValue(func() *qpPatterns {
	return &qpPatterns{
		trailingLF:   regexp.MustCompile(`\n.*?$`),
		trailingWord: regexp.MustCompile(`[ \t.,!?][^ \t.,!?]*$`),
		partialSeq:   regexp.MustCompile(`(?i)[=][\da-f]{0,2}$`),
		partialOne:   regexp.MustCompile(`(?i)[=][\da-f]{0,1}$`),
		wholeSeqs:    regexp.MustCompile(`(?i)^(?:=[\da-f]{2}){1,4}$`),
		lastSeq:      regexp.MustCompile(`(?i)[=][\da-f]{2}$`),
	}
})

// qpWrap is nodemailer's soft line wrapping of quoted-printable text at
// lineLength: it prefers the last space or punctuation in the final third
// of a line and never splits an =XX sequence or a UTF-8 character. The
// encoded text is ASCII, so byte offsets are character offsets.
func qpWrap(str string, lineLength int) string {
	if len(str) <= lineLength {
		return str
	}
	re := qpRegexps()
	pos, n := 0, len(str)
	margin := lineLength / 3
	var result strings.Builder
	for pos < n {
		end := min(pos+lineLength, n)
		line := str[pos:end]
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
		if m := re.trailingLF.FindString(tail); m != "" {
			line = line[:len(line)-(len(m)-1)]
			result.WriteString(line)
			pos += len(line)
			continue
		}
		if m := re.trailingWord.FindString(tail); len(line) > lineLength-margin && m != "" {
			line = line[:len(line)-(len(m)-1)]
		} else if re.partialSeq.MatchString(line) {
			if m := re.partialOne.FindString(line); m != "" {
				line = line[:len(line)-len(m)]
			}
			for len(line) > 3 && len(line) < n-pos && !re.wholeSeqs.MatchString(line) {
				m := re.lastSeq.FindString(line)
				if m == "" {
					break
				}
				var code int
				fmt.Sscanf(m[1:], "%02X", &code)
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
			if len(line) == lineLength && re.lastSeq.MatchString(line) {
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
