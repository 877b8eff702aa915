package sheet

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/n8n-go/n8n-go/engine/data"
)

// ReadOptions are the csv-parse options n8n's Extract from File passes.
type ReadOptions struct {
	Delimiter         string // "," when empty
	FromLine          int    // first line read, 1-based (0: 1)
	MaxRows           int    // -1 or 0: all
	NoHeader          bool   // rows come back as arrays
	IncludeEmptyCells bool
	RelaxQuotes       bool
	// Encoding is csv-parse's: utf8 (when empty), latin1, ascii (latin1
	// with the high bit cleared), ucs2 or utf16le.
	Encoding string
	// SkipErrors is skip_records_with_error: a record of the wrong
	// length, or one the parser cannot read, is skipped and counted in
	// Skipped.
	SkipErrors bool
	Skipped    *int
}

// ErrUnknownEncoding is returned for an encoding csv-parse does not know.
var ErrUnknownEncoding = errors.New("Unknown encoding")

// decodeInput wraps r to decode the encoding to UTF-8; mask tells to clear
// each character's high bit afterwards (Node's "ascii").
func decodeInput(r io.Reader, enc string) (io.Reader, bool, error) {
	switch strings.ToLower(enc) {
	case "", "utf8", "utf-8":
		return r, false, nil
	case "latin1", "binary":
		return transform.NewReader(r, charmap.ISO8859_1.NewDecoder()), false, nil
	case "ascii":
		return transform.NewReader(r, charmap.ISO8859_1.NewDecoder()), true, nil
	case "ucs2", "ucs-2", "utf16le", "utf-16le":
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()), false, nil
	}
	return nil, false, fmt.Errorf("%w: %s", ErrUnknownEncoding, enc)
}

// clearHighBits is Node's ascii decoding of latin1 text.
func clearHighBits(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			b := make([]rune, 0, len(s))
			for _, r := range s {
				b = append(b, r&0x7F)
			}
			return string(b)
		}
	}
	return s
}

// ReadCSV streams records to emit: objects keyed by the header row, or
// []any rows when NoHeader. The returned error is csv-parse's, in its
// words where n8n shows them.
func ReadCSV(r io.Reader, o ReadOptions, emit func(row any) error) error {
	r, mask, err := decodeInput(r, o.Encoding)
	if err != nil {
		return err
	}
	skip := func() {
		if o.Skipped != nil {
			*o.Skipped++
		}
	}
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = o.RelaxQuotes
	if o.Delimiter != "" {
		cr.Comma = []rune(o.Delimiter)[0]
	}
	var header []string
	n := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if o.SkipErrors && errors.As(err, &pe) {
				skip()
				continue
			}
			return err
		}
		if mask {
			for i, f := range rec {
				rec[i] = clearHighBits(f)
			}
		}
		line, _ := cr.FieldPos(0)
		if o.FromLine > 1 && line < o.FromLine {
			continue
		}
		if !o.NoHeader && header == nil {
			header = append([]string(nil), rec...)
			continue
		}
		if o.MaxRows > 0 && n >= o.MaxRows {
			return nil
		}
		if o.NoHeader {
			var row any
			if o.IncludeEmptyCells {
				arr := make([]any, len(rec))
				for i, f := range rec {
					arr[i] = f
				}
				row = arr
			} else {
				// n8n filters empty cells with Object.entries: the row
				// becomes an object keyed by column index.
				obj := data.NewObject(len(rec))
				for i, f := range rec {
					if f != "" {
						obj.Set(strconv.Itoa(i), f)
					}
				}
				row = obj
			}
			if err := emit(row); err != nil {
				return err
			}
			n++
			continue
		}
		if len(rec) != len(header) {
			if o.SkipErrors {
				skip()
				continue
			}
			return fmt.Errorf("Invalid Record Length: columns length is %d, got %d on line %d", len(header), len(rec), line)
		}
		obj := data.NewObject(len(header))
		for i, f := range rec {
			if f == "" && !o.IncludeEmptyCells {
				continue
			}
			obj.Set(header[i], f)
		}
		if err := emit(obj); err != nil {
			return err
		}
		n++
	}
}
