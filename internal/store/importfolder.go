package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// ImportFolder copies the executions of an old executions folder (the
// format serve used before the database) into the database, once: the
// folder's absolute path is remembered and a second call does nothing.
// Ids are kept, so `executions show 42` still shows the same run; records
// left "running" are imported as crashed. The folder is left as it is.
func (s *DB) ImportFolder(ctx context.Context, dir string) (int, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return 0, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return 0, err
	}
	key := "imported-folder:" + abs
	var done string
	err = s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&done)
	if err == nil {
		return 0, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("importing %s: %w", dir, err)
	}
	f, err := ReadFolder(dir)
	if err != nil {
		return 0, err
	}
	list, err := f.List()
	if err != nil {
		return 0, fmt.Errorf("importing %s: %w", dir, err)
	}
	n := 0
	for i := len(list) - 1; i >= 0; i-- { // oldest first
		r, err := f.Get(list[i].ID)
		if err != nil {
			// A damaged file is imported as what List could read of it.
			r = list[i]
			r.Status = "unreadable"
		}
		if r.Status == "running" {
			r.Status, r.Error = "crashed", CrashedMessage
		}
		id, err := parseID(r.ID)
		if err != nil {
			continue
		}
		var exists int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM executions WHERE id = $1`, id).Scan(&exists); err != nil {
			return n, fmt.Errorf("importing %s: %w", dir, err)
		}
		if exists > 0 {
			continue
		}
		if err := s.save(ctx, id, r, true); err != nil {
			return n, fmt.Errorf("importing %s: execution %s: %w", dir, r.ID, err)
		}
		n++
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, key, strconv.Itoa(n)); err != nil {
		return n, fmt.Errorf("importing %s: %w", dir, err)
	}
	return n, nil
}
