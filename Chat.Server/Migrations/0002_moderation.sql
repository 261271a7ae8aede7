-- Moderation: the supervisors' review queue and visitors' strikes (points that decay after a window).

CREATE TABLE moderation_reviews (
    id               uuid PRIMARY KEY,
    message_id       uuid        NOT NULL UNIQUE REFERENCES messages (id),
    conversation_id  uuid        NOT NULL REFERENCES conversations (id),
    sender_role      text        NOT NULL CHECK (sender_role IN ('visitor', 'agent')),
    sender_id        uuid        NOT NULL,
    action           text        NOT NULL CHECK (action IN ('flag', 'mask', 'block')),
    categories       text[]      NOT NULL,
    clause           text        NULL,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'overturned')),
    created_at       timestamptz NOT NULL,
    decided_at       timestamptz NULL,
    decided_by       uuid        NULL REFERENCES staff (id),
    decision_note    text        NULL
);
CREATE INDEX moderation_reviews_status ON moderation_reviews (status, created_at);
CREATE INDEX moderation_reviews_sender ON moderation_reviews (sender_id, created_at DESC);

CREATE TABLE moderation_strikes (
    id          bigserial PRIMARY KEY,
    visitor_id  uuid        NOT NULL REFERENCES visitors (id),
    message_id  uuid        NULL REFERENCES messages (id),
    category    text        NOT NULL,
    points      integer     NOT NULL CHECK (points > 0),
    at          timestamptz NOT NULL,
    cleared_at  timestamptz NULL
);
CREATE INDEX moderation_strikes_active ON moderation_strikes (visitor_id, at) WHERE cleared_at IS NULL;
