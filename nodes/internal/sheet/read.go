package sheet

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

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
}

// ReadCSV streams records to emit: objects keyed by the header row, or
// []any rows when NoHeader. The returned error is csv-parse's, in its
// words where n8n shows them.
func ReadCSV(r io.Reader, o ReadOptions, emit func(row any) error) error {
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
			return err
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
