-- +goose Up
-- Times are Unix milliseconds (SQLite has no time type).
CREATE TABLE executions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: ids are never reused
    workflow_id      TEXT    NOT NULL DEFAULT '',
    workflow_name    TEXT    NOT NULL DEFAULT '',
    workflow_version TEXT    NOT NULL DEFAULT '',
    mode             TEXT    NOT NULL DEFAULT '',
    trigger_node     TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL,
    started_at       INTEGER NOT NULL,
    stopped_at       INTEGER,
    wait_till        INTEGER,
    error            TEXT    NOT NULL DEFAULT '',
    owner            TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX executions_status ON executions (status, id);
CREATE INDEX executions_workflow ON executions (workflow_id, id);
CREATE INDEX executions_stopped ON executions (stopped_at);
CREATE INDEX executions_wait ON executions (wait_till) WHERE wait_till IS NOT NULL;

CREATE TABLE execution_data (
    execution_id INTEGER PRIMARY KEY REFERENCES executions (id) ON DELETE CASCADE,
    encoding     TEXT NOT NULL,
    data         BLOB NOT NULL
);

CREATE TABLE workflow_static_data (
    workflow_id TEXT PRIMARY KEY,
    data        TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE instances (
    id           TEXT PRIMARY KEY,
    heartbeat_at INTEGER NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE instances;
DROP TABLE workflow_static_data;
DROP TABLE execution_data;
DROP TABLE executions;
