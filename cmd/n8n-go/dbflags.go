package main

import (
	"github.com/spf13/pflag"

	"github.com/n8n-go/n8n-go/internal/store"
)

// Where serve keeps executions unless told otherwise.
const (
	dataDir        = ".n8n-go"
	defaultDB      = dataDir + "/database.sqlite"
	defaultExecDir = dataDir + "/executions"
)

// dbFlags select the executions database: --db, else n8n's DB_TYPE and
// DB_* variables, else SQLite in .n8n-go/database.sqlite.
type dbFlags struct {
	url string
}

func (d *dbFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&d.url, "db", "", "executions database: a SQLite `FILE` or postgres://user:pass@host/db (default: DB_TYPE and DB_POSTGRESDB_* / DB_SQLITE_DATABASE as n8n, else "+defaultDB+")")
}

// resolve returns the database URL and whether it was chosen explicitly.
func (d *dbFlags) resolve(env cliEnv) (url string, explicit bool, err error) {
	if d.url != "" {
		return d.url, true, nil
	}
	u, err := store.URLFromEnv(env.getenv, dataDir)
	if err != nil || u != "" {
		return u, true, err
	}
	return defaultDB, false, nil
}
