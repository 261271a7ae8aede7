-- Email: verified addresses, sign-in codes, the transactional outbox, and mail read from the helpdesk mailbox.

-- Clause 2: transcripts and ticket mail go only to an address the visitor proved is theirs.
ALTER TABLE visitors
    ADD COLUMN email_verified_at timestamptz NULL,
    ADD COLUMN language          text        NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en'));

-- One-time codes (verify the address, sign in on another device, confirm a new address). Only a salted slow hash
-- is kept; the code itself travels once, sealed, through the outbox.
CREATE TABLE email_codes (
    id          uuid PRIMARY KEY,
    purpose     text        NOT NULL CHECK (purpose IN ('verify', 'signin', 'change')),
    visitor_id  uuid        NOT NULL REFERENCES visitors (id),
    email       text        NOT NULL,
    salt        bytea       NOT NULL,
    code_hash   bytea       NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz NULL
);
CREATE INDEX email_codes_visitor ON email_codes (visitor_id, purpose, created_at DESC);

-- Every email is written here in the transaction of the event that causes it; a background service sends it.
-- message_id is fixed when the row is written, so a retry after an unclear failure carries the same Message-ID.
CREATE TABLE email_outbox (
    id               uuid PRIMARY KEY,
    message_id       text        NOT NULL UNIQUE,
    kind             text        NOT NULL,
    recipient        text        NOT NULL,
    language         text        NOT NULL,
    payload          jsonb       NOT NULL,
    visitor_id       uuid        NULL REFERENCES visitors (id),
    ticket_id        uuid        NULL REFERENCES tickets (id),
    created_at       timestamptz NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    locked_until     timestamptz NULL,
    last_error       text        NULL,
    sent_at          timestamptz NULL,
    -- The receiving server refused the address for good (5xx): kept, with the reason, not retried.
    abandoned_at     timestamptz NULL
);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE sent_at IS NULL AND abandoned_at IS NULL;
CREATE INDEX email_outbox_ticket ON email_outbox (ticket_id) WHERE ticket_id IS NOT NULL;

-- The per-ticket reply address is helpdesk+TOKEN@domain; 32 random hex characters, not guessable from the number.
ALTER TABLE tickets ADD COLUMN reply_token text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '');
CREATE UNIQUE INDEX tickets_reply_token ON tickets (reply_token);

-- Mail read from the helpdesk mailbox: one row per Message-ID, so a mail fetched twice is handled once.
CREATE TABLE inbound_mail (
    id           uuid PRIMARY KEY,
    mailbox      text        NOT NULL,
    message_id   text        NOT NULL,
    uid          bigint      NOT NULL,
    sender       text        NULL,
    subject      text        NULL,
    outcome      text        NOT NULL,
    detail       text        NULL,
    ticket_id    uuid        NULL REFERENCES tickets (id),
    received_at  timestamptz NOT NULL,
    UNIQUE (mailbox, message_id)
);
CREATE INDEX inbound_mail_received ON inbound_mail (received_at DESC);

-- Where reading stopped, per helpdesk address, and whether the mailbox answers (supervisors see it).
CREATE TABLE mailbox_state (
    address       text PRIMARY KEY,
    uid_validity  bigint      NOT NULL DEFAULT 0,
    last_uid      bigint      NOT NULL DEFAULT 0,
    last_ok_at    timestamptz NULL,
    last_error    text        NULL,
    last_error_at timestamptz NULL,
    failures      integer     NOT NULL DEFAULT 0
);

-- Staff can be told by email when a ticket is given to them.
ALTER TABLE staff ADD COLUMN email text NULL;
