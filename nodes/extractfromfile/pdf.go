package extractfromfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// pdfJSVersion is the pdf.js version n8n 1.123.81 reports in "version".
const pdfJSVersion = "5.3.31"

// maxPDFPages bounds the pages read from one file.
const maxPDFPages = 100_000

// extractPDF is the pdf operation: the text (joined or per page) and the
// document information as pdf.js gives them.
func extractPDF(ctx context.Context, ex *engine.Exec) ([]data.Item, error) {
	var out []data.Item
	for i, it := range ex.Input(0) {
		item, err := func() (data.Item, error) {
			o, err := options(ex, i)
			if err != nil {
				return data.Item{}, err
			}
			prop, err := ex.ParamString("binaryPropertyName", i)
			if err != nil {
				return data.Item{}, err
			}
			bin, err := ex.AssertBinary(i, prop)
			if err != nil {
				return data.Item{}, err
			}
			b, err := ex.Binary().Bytes(bin)
			if err != nil {
				return data.Item{}, err
			}
			password, _ := o.Value("password").(string)
			maxPages := -1 // unset: every page
			if v, ok := jsvalue.AsNumber(o.Value("maxPages")); ok && o.Has("maxPages") {
				maxPages = int(v)
			}
			join := o.Value("joinPages") != false
			js, err := readPDF(ctx, b, password, maxPages, join)
			if err != nil {
				return data.Item{}, err
			}
			keep, _ := o.Value("keepSource").(string)
			newItem := data.Item{JSON: js, Paired: data.One(i)}
			if keep != "" && keep != "binary" {
				merged := data.CloneObject(it.JSON)
				for k, v := range js.All() {
					merged.Set(k, v)
				}
				newItem.JSON = merged
			}
			if keep == "binary" || keep == "both" {
				newItem.Binary = it.Binary
			} else {
				nb := data.CloneObject(it.Binary)
				jsvalue.Unset(nb, prop)
				newItem.Binary = nb
			}
			return newItem, nil
		}()
		if err != nil {
			failed, err := ex.FailItem(err, i)
			if err != nil {
				return nil, err
			}
			out = append(out, failed)
			continue
		}
		out = append(out, item)
	}
	return out, nil
}

// readPDF opens a PDF and returns n8n's object: numpages, numrender,
// info, metadata (absent: XMP metadata is not read), text, version.
func readPDF(ctx context.Context, b []byte, password string, maxPages int, join bool) (obj *data.Object, err error) {
	defer func() {
		// The PDF library panics on some malformed files.
		if r := recover(); r != nil {
			obj, err = nil, fmt.Errorf("Invalid PDF structure: %v", r)
		}
	}()
	if !bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-")) {
		// pdf.js's words for a file without a PDF header.
		return nil, errors.New("Invalid PDF structure.")
	}
	var r *pdf.Reader
	if password != "" {
		r, err = pdf.NewReaderEncrypted(bytes.NewReader(b), int64(len(b)), func() string { return password })
	} else {
		r, err = pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	}
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) {
			if password == "" {
				return nil, errors.New("No password given")
			}
			return nil, errors.New("Incorrect Password")
		}
		return nil, fmt.Errorf("Invalid PDF structure: %w", err)
	}
	n := r.NumPage()
	read := n
	if maxPages == 0 {
		read = 0
	} else if maxPages > 0 && maxPages < n {
		read = maxPages
	}
	read = min(read, maxPDFPages)
	var pages []any
	for p := 1; p <= read; p++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pages = append(pages, pageText(r.Page(p)))
	}
	out := data.NewObject(6)
	out.Set("numpages", float64(n))
	out.Set("numrender", float64(n))
	out.Set("info", pdfInfo(b, r))
	if join {
		parts := make([]string, len(pages))
		for i, p := range pages {
			parts[i] = p.(string)
		}
		out.Set("text", strings.Join(parts, "\n\n"))
	} else {
		if pages == nil {
			pages = []any{}
		}
		out.Set("text", pages)
	}
	out.Set("version", pdfJSVersion)
	return out, nil
}

// pageText joins a page's text as n8n's parseText joins pdf.js's text
// items: in content order, a newline before text whose baseline differs
// from the previous text's. Within a line a space is added where pdf.js
// adds one: a TJ adjustment or a jump to a new position wider than its
// tracking-space factor of the font size. Glyph widths come from the
// font's Widths (half an em where a standard font has none).
func pageText(p pdf.Page) (text string) {
	if p.V.IsNull() || p.V.Key("Contents").Kind() == pdf.Null {
		return ""
	}
	fonts := map[string]*pdf.Font{}
	for _, name := range p.Fonts() {
		f := p.Font(name)
		fonts[name] = &f
	}
	var (
		sb                strings.Builder
		ctm               = pdfMatrix{1, 0, 0, 1, 0, 0}
		stack             []pdfMatrix
		tm, tlm           pdfMatrix
		leading, size     float64
		font              *pdf.Font
		lastY, endX       float64
		haveText, pending bool // pending: a position change since the last text
	)
	show := func(raw string) {
		if raw == "" {
			return
		}
		s := raw
		if font != nil {
			s = font.Encoder().Decode(raw)
		}
		m := tm.mul(ctm)
		x, y := m[4], m[5]
		scale := math.Hypot(m[0], m[1]) * size
		if haveText && y != lastY && lastY != 0 {
			sb.WriteByte('\n')
		} else if haveText && pending && x-endX > scale*spaceFactor && !strings.HasSuffix(sb.String(), " ") && !strings.HasPrefix(s, " ") {
			sb.WriteByte(' ')
		}
		sb.WriteString(s)
		// Advance the text matrix by the string's width.
		w := 0.0
		for i := 0; i < len(raw); i++ {
			gw := 0.0
			if font != nil {
				gw = font.Width(int(raw[i]))
			}
			if gw == 0 {
				gw = 500
			}
			w += gw / 1000 * size
		}
		tm = pdfMatrix{1, 0, 0, 1, w, 0}.mul(tm)
		endX = tm.mul(ctm)[4]
		lastY, haveText, pending = y, true, false
	}
	pdf.Interpret(p.V.Key("Contents"), func(stk *pdf.Stack, op string) {
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		f := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			if len(stack) < 1024 {
				stack = append(stack, ctm)
			}
		case "Q":
			if len(stack) > 0 {
				ctm, stack = stack[len(stack)-1], stack[:len(stack)-1]
			}
		case "cm":
			ctm = pdfMatrix{f(0), f(1), f(2), f(3), f(4), f(5)}.mul(ctm)
		case "BT":
			tm, tlm = pdfMatrix{1, 0, 0, 1, 0, 0}, pdfMatrix{1, 0, 0, 1, 0, 0}
			pending = true
		case "Tf":
			if len(args) == 2 {
				font = fonts[args[0].Name()]
				size = f(1)
			}
		case "TL":
			leading = f(0)
		case "Td", "TD":
			if op == "TD" {
				leading = -f(1)
			}
			tlm = pdfMatrix{1, 0, 0, 1, f(0), f(1)}.mul(tlm)
			tm, pending = tlm, true
		case "Tm":
			tlm = pdfMatrix{f(0), f(1), f(2), f(3), f(4), f(5)}
			tm, pending = tlm, true
		case "T*":
			tlm = pdfMatrix{1, 0, 0, 1, 0, -leading}.mul(tlm)
			tm, pending = tlm, true
		case "'", "\"":
			tlm = pdfMatrix{1, 0, 0, 1, 0, -leading}.mul(tlm)
			tm, pending = tlm, true
			if len(args) > 0 {
				show(args[len(args)-1].RawString())
			}
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			v := args[0]
			for i := 0; i < v.Len(); i++ {
				x := v.Index(i)
				if x.Kind() == pdf.String {
					show(x.RawString())
					continue
				}
				shift := -x.Float64() / 1000 * size
				tm = pdfMatrix{1, 0, 0, 1, shift, 0}.mul(tm)
				if shift > size*spaceFactor && haveText && !strings.HasSuffix(sb.String(), " ") {
					sb.WriteByte(' ')
				}
			}
		}
	})
	return sb.String()
}

// pdfMatrix is a PDF transformation matrix [a b c d e f].
type pdfMatrix [6]float64

func (m pdfMatrix) mul(n pdfMatrix) pdfMatrix {
	return pdfMatrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// spaceFactor is pdf.js's TRACKING_SPACE_FACTOR: a gap wider than this
// many font sizes between glyphs is a space.
const spaceFactor = 0.102

var objHeader = `(?:^|[\r\n\s])%d\s+%d\s+obj\b`

// pdfInfo is pdf.js's documentInfo: the fixed fields, then the Info
// dictionary's standard entries (and the others under Custom) in the order
// the file lists them.
func pdfInfo(b []byte, r *pdf.Reader) *data.Object {
	info := data.NewObject(12)
	version := ""
	if i := bytes.Index(b[:min(len(b), 1024)], []byte("%PDF-")); i >= 0 {
		v := b[i+5:]
		j := 0
		for j < len(v) && j < 8 && (v[j] == '.' || v[j] >= '0' && v[j] <= '9') {
			j++
		}
		version = string(v[:j])
	}
	root := r.Trailer().Key("Root")
	if cv := root.Key("Version").Name(); cv != "" && cv > version {
		version = cv
	}
	info.Set("PDFFormatVersion", version)
	if l := root.Key("Lang"); l.Kind() == pdf.String {
		info.Set("Language", pdfString(l.RawString()))
	} else {
		info.Set("Language", nil)
	}
	if enc := r.Trailer().Key("Encrypt"); enc.Kind() == pdf.Dict {
		info.Set("EncryptFilterName", enc.Key("Filter").Name())
	} else {
		info.Set("EncryptFilterName", nil)
	}
	info.Set("IsLinearized", isLinearized(b))
	acro := root.Key("AcroForm")
	info.Set("IsAcroFormPresent", acro.Kind() == pdf.Dict && acro.Key("Fields").Len() > 0)
	info.Set("IsXFAPresent", acro.Kind() == pdf.Dict && acro.Key("XFA").Kind() != pdf.Null)
	info.Set("IsCollectionPresent", root.Key("Collection").Kind() != pdf.Null)
	info.Set("IsSignaturesPresent", acro.Kind() == pdf.Dict && acro.Key("SigFlags").Int64()&1 == 1)
	dict := r.Trailer().Key("Info")
	if dict.Kind() != pdf.Dict {
		return info
	}
	var custom *data.Object
	for _, k := range infoKeyOrder(b, r, dict) {
		v := dict.Key(k)
		switch k {
		case "Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate":
			if v.Kind() == pdf.String {
				info.Set(k, pdfString(v.RawString()))
			}
			continue
		case "Trapped":
			if v.Kind() == pdf.Name {
				info.Set(k, data.ObjectOf("name", v.Name()))
			}
			continue
		}
		var cv any
		switch v.Kind() {
		case pdf.String:
			cv = pdfString(v.RawString())
		case pdf.Integer, pdf.Real:
			cv = v.Float64()
		case pdf.Bool:
			cv = v.Bool()
		case pdf.Name:
			cv = data.ObjectOf("name", v.Name())
		default:
			continue
		}
		if custom == nil {
			custom = data.NewObject(2)
			info.Set("Custom", custom)
		}
		custom.Set(k, cv)
	}
	return info
}

// infoKeyOrder lists the Info dictionary's keys in file order when the
// dictionary is a plain object in the file, else sorted.
func infoKeyOrder(b []byte, r *pdf.Reader, dict pdf.Value) []string {
	keys := dict.Keys()
	sort.Strings(keys)
	ref := regexp.MustCompile(`/Info\s+(\d+)\s+(\d+)\s+R`).FindAllSubmatch(b, -1)
	if len(ref) == 0 {
		return keys
	}
	last := ref[len(ref)-1]
	num, _ := strconv.Atoi(string(last[1]))
	gen, _ := strconv.Atoi(string(last[2]))
	hdr := regexp.MustCompile(fmt.Sprintf(objHeader, num, gen)).FindAllIndex(b, -1)
	if len(hdr) == 0 {
		return keys
	}
	body := b[hdr[len(hdr)-1][1]:]
	if end := bytes.Index(body, []byte("endobj")); end >= 0 {
		body = body[:end]
	}
	pos := map[string]int{}
	for _, k := range keys {
		i := bytes.Index(body, []byte("/"+k))
		if i < 0 {
			i = math.MaxInt
		}
		pos[k] = i
	}
	sort.SliceStable(keys, func(i, j int) bool { return pos[keys[i]] < pos[keys[j]] })
	return keys
}

func isLinearized(b []byte) bool {
	head := b[:min(len(b), 1024)]
	return bytes.Contains(head, []byte("/Linearized"))
}

// pdfString is pdf.js's stringToPDFString: UTF-16 with a byte order mark,
// UTF-8 with one, else PDFDocEncoding (Latin-1 for the printable range).
func pdfString(s string) string {
	b := []byte(s)
	switch {
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
		return string(utf16.Decode(u))
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		return strings.ToValidUTF8(string(b[3:]), "\uFFFD")
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
