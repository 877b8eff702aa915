package engine

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/n8n-go/n8n-go/engine/data"
)

// WriteJSON writes the result in n8n's execution shape, streaming the run
// data item by item instead of building the whole document in memory: for
// a large run the document is several times the size of the items. The
// output is compact JSON, equal to json.Marshal(r).
func (r *Result) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	jw := newJSONWriter(bw)
	jw.raw(`{"data":{"version":`)
	jw.value(r.Data.Version)
	jw.raw(`,"startData":`)
	jw.value(r.Data.StartData)
	jw.raw(`,"resultData":{"runData":{`)
	names := make([]string, 0, len(r.Data.ResultData.RunData))
	for n := range r.Data.ResultData.RunData {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		if i > 0 {
			jw.raw(",")
		}
		jw.value(n)
		jw.raw(":[")
		for k, t := range r.Data.ResultData.RunData[n] {
			if k > 0 {
				jw.raw(",")
			}
			jw.task(t)
		}
		jw.raw("]")
	}
	jw.raw("}")
	rd := r.Data.ResultData
	if len(rd.PinData) > 0 {
		jw.raw(`,"pinData":`)
		jw.value(rd.PinData)
	}
	if rd.LastNodeExecuted != "" {
		jw.raw(`,"lastNodeExecuted":`)
		jw.value(rd.LastNodeExecuted)
	}
	if rd.Error != nil {
		jw.raw(`,"error":`)
		jw.value(rd.Error)
	}
	jw.raw(`},"executionData":`)
	jw.value(r.Data.ExecutionData)
	jw.raw(`},"mode":`)
	jw.value(r.Mode)
	jw.raw(`,"startedAt":`)
	jw.value(r.StartedAt)
	jw.raw(`,"stoppedAt":`)
	jw.value(r.StoppedAt)
	jw.raw(`,"status":`)
	jw.value(r.Status)
	if r.Finished {
		jw.raw(`,"finished":true`)
	}
	jw.raw("}\n")
	if jw.err != nil {
		return jw.err
	}
	return bw.Flush()
}

// jsonWriter keeps the first error so the writer above reads straight.
type jsonWriter struct {
	w   *bufio.Writer
	err error
	// items encodes items straight into w (a large item streams instead of
	// being built whole first); its buffer is reused for every item.
	items *data.ValueWriter
}

func newJSONWriter(w *bufio.Writer) *jsonWriter {
	return &jsonWriter{w: w, items: data.NewValueWriter(w)}
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

func (j *jsonWriter) bytes(b []byte) {
	if j.err == nil {
		_, j.err = j.w.Write(b)
	}
}

func (j *jsonWriter) value(v any) {
	if j.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		j.err = fmt.Errorf("encode run data: %w", err)
		return
	}
	j.bytes(b)
}

func (j *jsonWriter) task(t *TaskData) {
	span := t.spooled
	if job := t.pending; job != nil {
		if job.take() {
			// Not started: written from memory here instead.
			j.encodeTask(t)
			return
		}
		// Being written by the spool (or just written): wait for it; a
		// failed write leaves the items in memory.
		<-job.done
		if job.err == nil {
			span = job.span
		}
	}
	if span != nil {
		if j.err == nil {
			// Flushed first, the bytes go straight to the destination
			// (bufio.Writer hands an empty buffer's ReadFrom on).
			j.err = j.w.Flush()
		}
		if j.err == nil {
			j.err = span.copyTo(j.w)
		}
		return
	}
	j.encodeTask(t)
}

// encodeTask writes t from memory.
func (j *jsonWriter) encodeTask(t *TaskData) {
	j.raw(`{"startTime":`)
	j.value(t.StartTime)
	j.raw(`,"executionIndex":`)
	j.value(t.ExecutionIndex)
	j.raw(`,"source":`)
	j.value(t.Source)
	j.raw(`,"hints":`)
	j.value(t.Hints)
	j.raw(`,"executionTime":`)
	j.value(t.ExecutionTime)
	j.raw(`,"executionStatus":`)
	j.value(t.ExecutionStatus)
	if t.Data != nil {
		j.raw(`,"data":{"main":[`)
		for o, out := range t.Data.Main {
			if o > 0 {
				j.raw(",")
			}
			if out == nil {
				j.raw("null")
				continue
			}
			j.raw("[")
			for i := range out {
				if i > 0 {
					j.raw(",")
				}
				j.item(&out[i])
			}
			j.raw("]")
		}
		j.raw("]}")
	}
	if t.Error != nil {
		j.raw(`,"error":`)
		j.value(t.Error)
	}
	j.raw("}")
}

func (j *jsonWriter) item(it *data.Item) {
	if j.err != nil {
		return
	}
	if err := j.items.Item(it); err != nil {
		j.err = fmt.Errorf("encode item: %w", err)
	}
}
