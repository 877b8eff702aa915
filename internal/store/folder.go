package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Folder keeps executions as one JSON file each in a folder, newest Keep
// files only: the format of serve before the database store. It is read
// to import such a folder once, and by `executions --executions-dir`.
type Folder struct {
	dir  string
	keep int
	mu   sync.Mutex
	next int64
}

// DefaultKeep is how many executions a store keeps by default.
const DefaultKeep = 200

// OpenFolder opens (creating) the folder; ids continue after the highest
// stored one. keep <= 0 means DefaultKeep.
func OpenFolder(dir string, keep int) (*Folder, error) {
	if keep <= 0 {
		keep = DefaultKeep
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("executions folder: %w", err)
	}
	s := &Folder{dir: dir, keep: keep}
	ids, err := s.ids()
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		s.next = ids[len(ids)-1]
	}
	if err := s.markCrashed(ids); err != nil {
		return nil, err
	}
	return s, nil
}

// ReadFolder opens an existing folder for reading only.
func ReadFolder(dir string) (*Folder, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("executions folder %s does not exist", dir)
	}
	return &Folder{dir: dir, keep: DefaultKeep}, nil
}

// NextID returns a new execution id (n8n ids are increasing numbers)
// without reserving it on disk; Begin does both.
func (s *Folder) NextID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	return strconv.FormatInt(s.next, 10)
}

func (s *Folder) file(id int64) string {
	return filepath.Join(s.dir, fmt.Sprintf("%010d.json", id))
}

// ids lists the stored ids, ascending.
func (s *Folder) ids() ([]int64, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("executions folder: %w", err)
	}
	var ids []int64
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".json") {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(name, ".json"), 10, 64)
		if err == nil {
			ids = append(ids, n)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids, nil
}

// Save writes a record atomically and drops the oldest beyond Keep.
func (s *Folder) Save(r Record) error {
	id, err := strconv.ParseInt(r.ID, 10, 64)
	if err != nil {
		return fmt.Errorf("execution id %q is not a number", r.ID)
	}
	b, err := encodeRecord(r)
	if err != nil {
		return fmt.Errorf("execution %s: %w", r.ID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tmp, err := os.CreateTemp(s.dir, ".exec-*")
	if err != nil {
		return fmt.Errorf("execution %s: %w", r.ID, err)
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("execution %s: %w", r.ID, err)
	}
	// No fsync: a killed process loses nothing the kernel has (the rename
	// is atomic), and two fsyncs per execution would slow every run; power
	// loss is for the database store.
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("execution %s: %w", r.ID, err)
	}
	if err := os.Rename(tmp.Name(), s.file(id)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("execution %s: %w", r.ID, err)
	}
	ids, err := s.ids()
	if err != nil {
		return err
	}
	for len(ids) > s.keep {
		if err := os.Remove(s.file(ids[0])); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("pruning executions: %w", err)
		}
		ids = ids[1:]
	}
	return nil
}

// List returns the stored executions without their run data, newest first.
func (s *Folder) List() ([]Record, error) {
	ids, err := s.ids()
	if err != nil {
		return nil, err
	}
	out := make([]Record, 0, len(ids))
	for i := len(ids) - 1; i >= 0; i-- {
		r, err := s.readSummary(ids[i])
		if errors.Is(err, fs.ErrNotExist) {
			continue // pruned meanwhile
		}
		if err != nil {
			// One damaged file must not hide every other execution.
			r = Record{ID: strconv.FormatInt(ids[i], 10), Status: "unreadable", Error: err.Error()}
		}
		r.Data = nil
		out = append(out, r)
	}
	return out, nil
}

// Get returns one execution with its run data.
func (s *Folder) Get(id string) (Record, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
	if err != nil {
		return Record{}, fmt.Errorf("execution id %q is not a number", id)
	}
	r, err := s.read(n)
	if errors.Is(err, fs.ErrNotExist) {
		return Record{}, fmt.Errorf("execution %s not found in %s", id, s.dir)
	}
	return r, err
}

func (s *Folder) read(id int64) (Record, error) {
	b, err := os.ReadFile(s.file(id))
	if err != nil {
		return Record{}, err
	}
	r, err := decodeRecord(b)
	if err != nil {
		return Record{}, fmt.Errorf("execution %d: %w", id, err)
	}
	return r, nil
}
