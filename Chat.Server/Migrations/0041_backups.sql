-- Every backup run, good or failed: what the dashboard's warning and `backup list` read.
CREATE TABLE backups (
    id            uuid PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('daily', 'weekly', 'manual')),
    ok            boolean     NOT NULL,
    file          text        NULL,
    size_bytes    bigint      NOT NULL DEFAULT 0,
    sha256        text        NULL,
    redis_file    text        NULL,
    error         text        NULL,
    removed_at    timestamptz NULL
);
CREATE INDEX backups_started ON backups (started_at DESC);
