-- Text outside the chat that moderation flagged (the visitor's name and agency, the offline form, ticket entries,
-- rating comments). A flag stores the text as written; the item waits here for a supervisor. The text is copied:
-- a name can change again before anyone looks.

CREATE TABLE moderation_content_reviews (
    id            uuid PRIMARY KEY,
    field         text        NOT NULL,
    author_role   text        NOT NULL CHECK (author_role IN ('visitor', 'agent')),
    author_id     uuid        NOT NULL,
    body          text        NOT NULL,
    categories    text[]      NOT NULL,
    clause        text        NULL,
    status        text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'overturned')),
    created_at    timestamptz NOT NULL,
    decided_at    timestamptz NULL,
    decided_by    uuid        NULL REFERENCES staff (id),
    decision_note text        NULL
);
CREATE INDEX moderation_content_reviews_status ON moderation_content_reviews (status, created_at);
