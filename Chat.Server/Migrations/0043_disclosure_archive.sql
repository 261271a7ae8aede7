-- Disclosure (policy clause 5) becomes an archive made once, when the request is recorded: its SHA-256 goes into the
-- audit log and the same bytes are what a second supervisor approves and what is handed over. Requests recorded
-- before this migration were handed out at once, so they count as approved.
ALTER TABLE disclosure_requests
    ADD COLUMN status         text        NOT NULL DEFAULT 'approved' CHECK (status IN ('pending', 'approved', 'rejected')),
    ADD COLUMN decided_by     uuid        NULL REFERENCES staff (id),
    ADD COLUMN decided_at     timestamptz NULL,
    ADD COLUMN decision_note  text        NULL,
    ADD COLUMN archive        bytea       NULL,
    ADD COLUMN archive_sha256 bytea       NULL,
    ADD COLUMN archive_bytes  bigint      NULL;
ALTER TABLE disclosure_requests ALTER COLUMN status SET DEFAULT 'pending';
CREATE INDEX disclosure_requests_requested ON disclosure_requests (requested_at DESC);
