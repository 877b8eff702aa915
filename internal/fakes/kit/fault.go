package kit

import (
	"strings"
	"sync"
	"time"
)

// Fault makes matching requests misbehave. A fault with neither Status nor
// Drop only delays the request, which is then served normally.
type Fault struct {
	// Method matches the HTTP method ("" any).
	Method string `json:"method,omitempty"`
	// Path is a substring the request path must contain ("" any).
	Path string `json:"path,omitempty"`
	// Skip lets this many matching requests through first.
	Skip int `json:"skip,omitempty"`
	// Times is how many requests the fault hits (0 means 1, <0 forever).
	Times int `json:"times,omitempty"`
	// Status and Body are the answer (Body defaults to the fake's own
	// error body for the status).
	Status     int    `json:"status,omitempty"`
	Body       string `json:"body,omitempty"`
	RetryAfter string `json:"retryAfter,omitempty"`
	// Delay is waited before answering.
	Delay time.Duration `json:"delay,omitempty"`
	// Drop closes the connection without an answer.
	Drop bool `json:"drop,omitempty"`
}

// Faults is a queue of pending faults, tried in the order added. The zero
// value is empty; it is safe for concurrent use.
type Faults struct {
	mu   sync.Mutex
	list []*Fault
}

// Add queues f.
func (q *Faults) Add(f Fault) {
	if f.Times == 0 {
		f.Times = 1
	}
	q.mu.Lock()
	q.list = append(q.list, &f)
	q.mu.Unlock()
}

// Clear removes every pending fault.
func (q *Faults) Clear() {
	q.mu.Lock()
	q.list = nil
	q.mu.Unlock()
}

// Take returns the fault that hits a request (nil: none). Only the first
// matching fault is considered: while it skips, the request passes.
func (q *Faults) Take(method, path string) *Fault {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, f := range q.list {
		if (f.Method != "" && !strings.EqualFold(f.Method, method)) || !strings.Contains(path, f.Path) {
			continue
		}
		if f.Skip > 0 {
			f.Skip--
			return nil
		}
		hit := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				q.list = append(q.list[:i], q.list[i+1:]...)
			}
		}
		return &hit
	}
	return nil
}

// Answer turns the fault that hits a request into an answer. done reports
// that the fault decides the answer (a drop, or a status with f.Body or
// else defaultBody(status)); when it does not, a.Delay still has to be
// waited before the request is served normally.
func (q *Faults) Answer(method, path string, defaultBody func(status int) []byte) (a Answer, done bool) {
	f := q.Take(method, path)
	if f == nil {
		return a, false
	}
	a.Delay = f.Delay
	if f.Drop {
		a.Drop = true
		return a, true
	}
	if f.Status == 0 {
		return a, false
	}
	a.Status = f.Status
	a.Body = []byte(f.Body)
	if f.Body == "" {
		a.Body = defaultBody(f.Status)
	}
	if f.RetryAfter != "" {
		a.Header = map[string]string{"Retry-After": f.RetryAfter}
	}
	return a, true
}
