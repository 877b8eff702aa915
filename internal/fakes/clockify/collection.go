package clockify

import (
	"net/http"
	"net/url"
)

// collection is one kind of workspace entity as the API routes it: GET and
// POST on the collection, GET, PUT (and for some PATCH) and DELETE on one
// member by id. Each kind gives only what differs; the routing, the
// not-found and method errors are the same for all of them. The handlers
// run with s.mu held.
type collection[T any] struct {
	kind   string                       // in "<kind> with id … doesn't belong to Workspace"
	list   func() (int, any, *apiError) // nil: GET on the collection is not allowed
	create func() (int, any, *apiError)
	find   func(id string) *T
	update func(*T) (int, any, *apiError)
	remove func(*T) (int, any, *apiError)
	patch  bool // PATCH updates like PUT
}

func (c collection[T]) serve(method string, rest []string) (int, any, *apiError) {
	if len(rest) == 0 {
		switch {
		case method == http.MethodGet && c.list != nil:
			return c.list()
		case method == http.MethodPost:
			return c.create()
		}
		return 0, nil, methodNotAllowed(method)
	}
	if len(rest) != 1 {
		return 0, nil, errf(404, 3000, "No static resource.")
	}
	x := c.find(rest[0])
	if x == nil {
		return 0, nil, notInWorkspace(c.kind, rest[0])
	}
	switch {
	case method == http.MethodGet:
		return 200, x, nil
	case method == http.MethodPut || (c.patch && method == http.MethodPatch):
		return c.update(x)
	case method == http.MethodDelete:
		return c.remove(x)
	}
	return 0, nil, methodNotAllowed(method)
}

// first returns the first member of list that match accepts (nil: none).
func first[T any](list []*T, match func(*T) bool) *T {
	for _, x := range list {
		if match(x) {
			return x
		}
	}
	return nil
}

// without returns list with x taken out.
func without[T comparable](list []T, x T) []T {
	for i, y := range list {
		if y == x {
			return append(list[:i], list[i+1:]...)
		}
	}
	return list
}

// namedPage answers a list request: the members keep accepts whose name
// matches the query's name filter, sorted as the query asks, one page.
// The sorted list is kept until the next write (Server.lists), so the
// pages of one paged read cost their own size, not a filter and sort of
// the whole collection each.
func namedPage[T any](s *Server, kind, ws string, all []*T, q url.Values, keep func(*T) bool, name, id func(*T) string) (int, any, *apiError) {
	ck := listKey(kind, ws, q)
	list, ok := s.lists[ck].([]*T)
	if !ok {
		for _, x := range all {
			if keep(x) && nameMatches(name(x), q) {
				list = append(list, x)
			}
		}
		sortByName(list, name, id, q)
		if s.lists == nil {
			s.lists = map[string]any{}
		}
		s.lists[ck] = list
	}
	out, err := pageOf(list, q)
	if err != nil {
		return 0, nil, err
	}
	return 200, out, nil
}

// listKey identifies a list request's result apart from its page: the
// collection, the workspace and every query parameter but page and
// page-size.
func listKey(kind, ws string, q url.Values) string {
	rest := make(url.Values, len(q))
	for k, v := range q {
		if k != "page" && k != "page-size" {
			rest[k] = v
		}
	}
	return kind + "\x00" + ws + "\x00" + rest.Encode()
}
