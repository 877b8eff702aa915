package notion

import (
	"errors"

	"github.com/tidwall/gjson"

	"github.com/n8n-go/n8n-go/engine"
)

// maxPages bounds one "return all" listing (100 results a page: a million
// results). n8n repeats while has_more is not false, which never ends when
// an answer lacks has_more or repeats its cursor.
const maxPages = 10_000

// errLastPage ends paging on an answer that cannot lead further.
var errLastPage = errors.New("last page")

// checkPaging is the sanity check of one page of a listing. An answer
// without has_more and without a cursor is the last page (n8n would ask
// for the same page forever: a documented difference); a cursor that
// repeats the previous one, or too many pages, is an error.
func checkPaging(resp gjson.Result, page int, prev string, item int) error {
	hm := resp.Get("has_more")
	if hm.Type == gjson.False {
		return nil
	}
	cur := resp.Get("next_cursor")
	if !hm.Exists() && (!cur.Exists() || cur.Type == gjson.Null) {
		return errLastPage
	}
	if page > 1 && cur.String() == prev {
		return engine.OperationError(item, "Notion returned the same next_cursor %q twice; stopping the listing instead of repeating it", prev)
	}
	if page >= maxPages {
		return engine.OperationError(item, "Notion listing stopped after %d pages; use a filter or a limit instead of Return All", maxPages)
	}
	return nil
}
