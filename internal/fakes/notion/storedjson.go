package notion

// storedJSON is the JSON of a page's stored property values, by property
// name, kept until the value is replaced (appendStored).
type storedJSON struct {
	names []string
	encs  [][]byte
}

// storedJSONOf returns the kept JSON of page id's stored values, made
// empty at first use. One entry per page, not per value: looking values
// up one by one in a map of every page's properties cost as much as
// writing them.
func (s *Server) storedJSONOf(id string) *storedJSON {
	if sj, ok := s.valueJSON[id]; ok {
		return sj
	}
	if s.valueJSON == nil {
		s.valueJSON = map[string]*storedJSON{}
	}
	sj := &storedJSON{}
	s.valueJSON[id] = sj
	return sj
}

// appendStored appends v, the value a page stores for property name
// (stored[name][type]), as JSON, kept in sj (the page's storedJSONOf). A
// page is written in answers many times between changes to one of its
// properties (every query page it is on, every update of another of its
// properties, every rollup of it from a related page), and encoding its
// rich text again (three maps per run, their keys sorted each time) was
// most of what writing a page cost. A stored value is never changed in
// place, only replaced (updatePage calls forgetStored then; Seed drops
// them all), so the bytes stay those encoding v gives. s.mu is held.
func (s *Server) appendStored(b []byte, sj *storedJSON, name string, v any) ([]byte, bool) {
	for i, n := range sj.names {
		if n == name {
			return append(b, sj.encs[i]...), true
		}
	}
	start := len(b)
	b, ok := appendValue(b, v)
	if !ok {
		return b, false
	}
	sj.names = append(sj.names, name)
	sj.encs = append(sj.encs, append([]byte(nil), b[start:]...))
	return b, true
}

// forgetStored drops the JSON kept for property name of page id: its
// stored value is being replaced.
func (s *Server) forgetStored(id, name string) {
	sj, ok := s.valueJSON[id]
	if !ok {
		return
	}
	for i, n := range sj.names {
		if n == name {
			sj.names = append(sj.names[:i], sj.names[i+1:]...)
			sj.encs = append(sj.encs[:i], sj.encs[i+1:]...)
			return
		}
	}
}
