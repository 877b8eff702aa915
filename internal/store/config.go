package store

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
)

// URLFromEnv builds a --db value from n8n's variables: DB_TYPE
// (sqlite, the default, or postgresdb), DB_SQLITE_DATABASE, and
// DB_POSTGRESDB_HOST, _PORT, _DATABASE, _USER, _PASSWORD, _SCHEMA and
// _SSL_ENABLED. dataDir holds the default SQLite file. "" means DB_TYPE is
// not set.
func URLFromEnv(getenv func(string) string, dataDir string) (string, error) {
	switch t := strings.TrimSpace(getenv("DB_TYPE")); t {
	case "":
		return "", nil
	case "sqlite":
		if f := getenv("DB_SQLITE_DATABASE"); f != "" {
			return f, nil
		}
		return filepath.Join(dataDir, "database.sqlite"), nil
	case "postgresdb":
		or := func(k, def string) string {
			if v := getenv(k); v != "" {
				return v
			}
			return def
		}
		u := url.URL{Scheme: "postgres", Host: net.JoinHostPort(or("DB_POSTGRESDB_HOST", "localhost"), or("DB_POSTGRESDB_PORT", "5432")),
			Path: "/" + or("DB_POSTGRESDB_DATABASE", "n8n")}
		user := or("DB_POSTGRESDB_USER", "postgres")
		if pw := getenv("DB_POSTGRESDB_PASSWORD"); pw != "" {
			u.User = url.UserPassword(user, pw)
		} else {
			u.User = url.User(user)
		}
		q := url.Values{}
		if s := getenv("DB_POSTGRESDB_SCHEMA"); s != "" && s != "public" {
			q.Set("search_path", s)
		}
		if strings.EqualFold(getenv("DB_POSTGRESDB_SSL_ENABLED"), "true") {
			q.Set("sslmode", "require")
		} else {
			q.Set("sslmode", "disable")
		}
		u.RawQuery = q.Encode()
		return u.String(), nil
	default:
		return "", fmt.Errorf("DB_TYPE=%q: expected sqlite or postgresdb", t)
	}
}
