-- Foundation: accounts, policy versions, conversations, messages, tickets, audit.

CREATE TABLE policy_versions (
    version       integer PRIMARY KEY,
    title         text        NOT NULL,
    body          text        NOT NULL,
    published_at  timestamptz NOT NULL,
    published_by  uuid        NULL
);

CREATE TABLE visitors (
    id                 uuid PRIMARY KEY,
    name               text        NOT NULL,
    email              text        NOT NULL,
    phone              text        NULL,
    organization       text        NULL,
    status             text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
    status_reason      text        NULL,
    status_clause      text        NULL,
    suspended_until    timestamptz NULL,
    token_version      integer     NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL,
    email_updated_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX visitors_email_key ON visitors (lower(email));

CREATE TABLE policy_acceptances (
    visitor_id   uuid        NOT NULL REFERENCES visitors (id),
    version      integer     NOT NULL REFERENCES policy_versions (version),
    accepted_at  timestamptz NOT NULL,
    client_ip    text        NULL,
    user_agent   text        NULL,
    PRIMARY KEY (visitor_id, version)
);

CREATE TABLE staff (
    id                uuid PRIMARY KEY,
    username          text        NOT NULL,
    display_name      text        NOT NULL,
    role              text        NOT NULL CHECK (role IN ('agent', 'supervisor')),
    password_hash     text        NOT NULL,
    failed_logins     integer     NOT NULL DEFAULT 0,
    lockout_until     timestamptz NULL,
    capacity          integer     NOT NULL DEFAULT 3 CHECK (capacity BETWEEN 1 AND 10),
    topics            text[]      NOT NULL DEFAULT ARRAY['akun', 'teknis', 'pengadaan', 'lainnya'],
    active            boolean     NOT NULL DEFAULT true,
    token_version     integer     NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL
);
CREATE UNIQUE INDEX staff_username_key ON staff (lower(username));

CREATE TABLE conversations (
    id            uuid PRIMARY KEY,
    visitor_id    uuid        NOT NULL REFERENCES visitors (id),
    topic         text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('queued', 'active', 'closed')),
    agent_id      uuid        NULL REFERENCES staff (id),
    last_seq      bigint      NOT NULL DEFAULT 0,
    queued_at     timestamptz NOT NULL,
    assigned_at   timestamptz NULL,
    closed_at     timestamptz NULL,
    close_reason  text        NULL,
    close_note    text        NULL,
    visitor_read_seq bigint   NOT NULL DEFAULT 0,
    agent_read_seq   bigint   NOT NULL DEFAULT 0
);
-- A visitor has at most one chat that is not closed; StartChat relies on it.
CREATE UNIQUE INDEX conversations_one_open_per_visitor ON conversations (visitor_id) WHERE status <> 'closed';
CREATE INDEX conversations_agent_open ON conversations (agent_id) WHERE status = 'active';

CREATE TABLE messages (
    id                 uuid PRIMARY KEY,
    conversation_id    uuid        NOT NULL REFERENCES conversations (id),
    seq                bigint      NOT NULL,
    client_message_id  uuid        NULL,
    sender_role        text        NOT NULL CHECK (sender_role IN ('visitor', 'agent', 'system')),
    sender_id          uuid        NULL,
    sender_name        text        NOT NULL,
    body               text        NOT NULL,
    delivered_body     text        NULL,
    moderation_action  text        NOT NULL DEFAULT 'allow' CHECK (moderation_action IN ('allow', 'flag', 'mask', 'block')),
    moderation_categories text[]   NOT NULL DEFAULT '{}',
    moderation_clause  text        NULL,
    moderation_note    text        NULL,
    created_at         timestamptz NOT NULL,
    UNIQUE (conversation_id, seq)
);
CREATE UNIQUE INDEX messages_idempotency ON messages (conversation_id, sender_id, client_message_id) WHERE client_message_id IS NOT NULL;

CREATE TABLE ticket_counters (
    year     integer PRIMARY KEY,
    last_no  integer NOT NULL
);

CREATE TABLE tickets (
    id               uuid PRIMARY KEY,
    number           text        NOT NULL UNIQUE,
    visitor_id       uuid        NOT NULL REFERENCES visitors (id),
    conversation_id  uuid        NULL UNIQUE REFERENCES conversations (id),
    topic            text        NOT NULL,
    subject          text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('open', 'pending', 'resolved', 'closed')),
    source           text        NOT NULL,
    assignee_id      uuid        NULL REFERENCES staff (id),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX tickets_visitor ON tickets (visitor_id, created_at DESC);
CREATE INDEX tickets_status ON tickets (status, created_at DESC);

CREATE TABLE ticket_entries (
    id           uuid PRIMARY KEY,
    ticket_id    uuid        NOT NULL REFERENCES tickets (id),
    author_role  text        NOT NULL CHECK (author_role IN ('visitor', 'agent', 'system')),
    author_id    uuid        NULL,
    author_name  text        NOT NULL,
    body         text        NOT NULL,
    internal     boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL
);
CREATE INDEX ticket_entries_ticket ON ticket_entries (ticket_id, created_at);

CREATE TABLE audit_log (
    id           bigserial PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor_kind   text        NOT NULL,
    actor_id     uuid        NULL,
    action       text        NOT NULL,
    subject_id   uuid        NULL,
    details      jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject ON audit_log (subject_id, at);
