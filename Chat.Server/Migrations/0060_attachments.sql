-- Attachments: files sent in chats, on the offline form and on ticket entries.
-- Content lives once per SHA-256 (deduplicated) in chunked bytea rows, so that it is streamed in and out a chunk at a
-- time, and so that backups (pg_dump) and retention cover it like any other row. A filesystem store may hold the
-- content instead; the metadata below stays in PostgreSQL either way.
CREATE TABLE attachment_blobs (
    sha256      bytea       PRIMARY KEY CHECK (length(sha256) = 32),
    size        bigint      NOT NULL CHECK (size > 0),
    chunks      integer     NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE attachment_chunks (
    sha256  bytea   NOT NULL REFERENCES attachment_blobs (sha256) ON DELETE CASCADE,
    n       integer NOT NULL,
    data    bytea   NOT NULL,
    PRIMARY KEY (sha256, n)
);

CREATE TABLE attachments (
    id               uuid PRIMARY KEY,
    -- At most one home: a conversation, or a ticket (the offline form, ticket entries).
    conversation_id  uuid        NULL REFERENCES conversations (id),
    ticket_id        uuid        NULL REFERENCES tickets (id),
    uploader_role    text        NOT NULL CHECK (uploader_role IN ('visitor', 'agent')),
    uploader_id      uuid        NOT NULL,
    -- Whose record this belongs to (quota, disclosure, retention).
    visitor_id       uuid        NOT NULL REFERENCES visitors (id),
    file_name        text        NOT NULL,
    kind             text        NOT NULL,
    content_type     text        NOT NULL,
    size             bigint      NOT NULL CHECK (size > 0),
    sha256           bytea       NOT NULL,
    width            integer     NULL,
    height           integer     NULL,
    message_id       uuid        NULL REFERENCES messages (id),
    ticket_entry_id  uuid        NULL REFERENCES ticket_entries (id),
    scan_status      text        NOT NULL CHECK (scan_status IN ('not_scanned', 'clean', 'infected')),
    scan_detail      text        NULL,
    withheld_at      timestamptz NULL,
    withheld_by      uuid        NULL REFERENCES staff (id),
    withheld_reason  text        NULL,
    created_at       timestamptz NOT NULL,
    -- Neither: an upload for an offline form not yet sent (only its uploader sees it until the ticket takes it).
    CHECK (conversation_id IS NULL OR ticket_id IS NULL)
);
CREATE INDEX attachments_quota ON attachments (uploader_id, created_at);
CREATE INDEX attachments_conversation ON attachments (conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX attachments_ticket ON attachments (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX attachments_visitor ON attachments (visitor_id);
CREATE INDEX attachments_sha ON attachments (sha256);

-- The attachments a message carries, as the sender attached them (id, name, type, size, dimensions): history and
-- transcripts read them with the message, without a join per message.
ALTER TABLE messages ADD COLUMN attachments jsonb NULL;

-- A withheld attachment waits for a supervisor in the same review queue as withheld messages.
ALTER TABLE moderation_reviews ADD COLUMN attachment_id uuid NULL REFERENCES attachments (id);
ALTER TABLE moderation_reviews DROP CONSTRAINT moderation_reviews_message_id_key;
CREATE UNIQUE INDEX moderation_reviews_message ON moderation_reviews (message_id) WHERE attachment_id IS NULL;
CREATE UNIQUE INDEX moderation_reviews_attachment ON moderation_reviews (attachment_id) WHERE attachment_id IS NOT NULL;
