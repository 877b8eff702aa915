-- +goose Up
-- Queue mode (PostgreSQL only in practice; the tables exist in both so the
-- schemas stay alike): the start items of an enqueued execution and the
-- webhook answer a worker sends back to the instance holding the call.
CREATE TABLE execution_inputs (
    execution_id BIGINT PRIMARY KEY REFERENCES executions (id) ON DELETE CASCADE,
    data         BYTEA NOT NULL
);
CREATE TABLE execution_responses (
    execution_id BIGINT PRIMARY KEY REFERENCES executions (id) ON DELETE CASCADE,
    data         BYTEA NOT NULL
);

-- +goose Down
DROP TABLE execution_responses;
DROP TABLE execution_inputs;
