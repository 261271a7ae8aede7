-- Retention: visitors whose data has passed the retention period are anonymised (their rows stay, so counts,
-- tickets and the audit trail still add up). A lawful disclosure request that is still open holds the visitor's data.
ALTER TABLE visitors ADD COLUMN anonymised_at timestamptz NULL;

CREATE TABLE disclosure_requests (
    id            uuid PRIMARY KEY,
    visitor_id    uuid        NOT NULL REFERENCES visitors (id),
    authority     text        NOT NULL,
    reference     text        NOT NULL,
    legal_basis   text        NULL,
    requested_by  uuid        NOT NULL REFERENCES staff (id),
    requested_at  timestamptz NOT NULL,
    closed_at     timestamptz NULL,
    closed_by     uuid        NULL REFERENCES staff (id)
);
CREATE INDEX disclosure_requests_open ON disclosure_requests (visitor_id) WHERE closed_at IS NULL;
CREATE INDEX conversations_visitor ON conversations (visitor_id, queued_at DESC);
