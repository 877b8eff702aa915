package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// A record file is the summary as one JSON line, then the run data as
// written by the engine. The run data is not re-encoded: encoding/json
// refuses values nested more than 10,000 deep, so a webhook body ~9,990
// deep ran but its execution was "not stored". Files written before this
// format (one JSON object holding "data") are still read.

func encodeRecord(r Record) ([]byte, error) {
	data := r.Data
	r.Data = nil
	head, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(head)+1+len(data))
	b = append(b, head...)
	b = append(b, '\n')
	return append(b, data...), nil
}

func decodeRecord(b []byte) (Record, error) {
	var r Record
	head, data, split := bytes.Cut(b, []byte{'\n'})
	if err := json.Unmarshal(head, &r); err != nil {
		return Record{}, err
	}
	if split && len(data) > 0 {
		r.Data = data
	}
	return r, nil
}

// readSummary reads only the summary line of a record.
func (s *Folder) readSummary(id int64) (Record, error) {
	f, err := os.Open(s.file(id))
	if err != nil {
		return Record{}, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadBytes('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return Record{}, fmt.Errorf("execution %d: %w", id, err)
	}
	var r Record
	if err := json.Unmarshal(bytes.TrimSuffix(line, []byte{'\n'}), &r); err != nil {
		return Record{}, fmt.Errorf("execution %d: the record is damaged: %w", id, err)
	}
	return r, nil
}

// Begin reserves a new execution id by storing r under it with status
// "running", so an id is never handed out twice even when the process is
// killed before the execution ends. The id is returned even when the
// record could not be written.
func (s *Folder) Begin(r Record) (string, error) {
	r.ID = s.NextID()
	r.Status = "running"
	return r.ID, s.Save(r)
}

// markCrashed turns the "running" records a previous process left behind
// into "crashed" ones, as n8n does at startup.
func (s *Folder) markCrashed(ids []int64) error {
	for _, id := range ids {
		r, err := s.readSummary(id)
		if err != nil || r.Status != "running" {
			continue
		}
		full, err := s.read(id)
		if err != nil {
			continue
		}
		full.Status, full.Error = "crashed", CrashedMessage
		if err := s.Save(full); err != nil {
			return fmt.Errorf("marking execution %s crashed: %w", strconv.FormatInt(id, 10), err)
		}
	}
	return nil
}
