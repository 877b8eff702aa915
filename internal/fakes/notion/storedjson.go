package notion

// valueKey names one stored property value: the page's id and the
// property's name.
type valueKey struct{ page, prop string }

// appendStored appends v, the value page id stores for property name
// (stored[name][type]), as JSON. The bytes are kept in s.valueJSON: a
// page is written in answers many times between changes to one of its
// properties (every query page it is on, every update of another of its
// properties, every rollup of it from a related page), and encoding its
// rich text again (three maps per run, their keys sorted each time) was
// most of what writing a page cost. A stored value is never changed in
// place, only replaced (updatePage calls forgetStored then; Seed drops
// them all), so the bytes stay those encoding v gives. s.mu is held.
func (s *Server) appendStored(b []byte, id, name string, v any) ([]byte, bool) {
	k := valueKey{id, name}
	if enc, ok := s.valueJSON[k]; ok {
		return append(b, enc...), true
	}
	start := len(b)
	b, ok := appendValue(b, v)
	if !ok {
		return b, false
	}
	if s.valueJSON == nil {
		s.valueJSON = map[valueKey][]byte{}
	}
	s.valueJSON[k] = append([]byte(nil), b[start:]...)
	return b, true
}

// forgetStored drops the JSON kept for property name of page id: its
// stored value is being replaced.
func (s *Server) forgetStored(id, name string) {
	delete(s.valueJSON, valueKey{id, name})
}
