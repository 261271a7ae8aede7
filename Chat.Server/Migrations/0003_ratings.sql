-- End-of-chat ratings from the widget: one per conversation, only by its visitor, only once it is closed.
CREATE TABLE conversation_ratings (
    conversation_id  uuid        PRIMARY KEY REFERENCES conversations (id),
    visitor_id       uuid        NOT NULL REFERENCES visitors (id),
    score            smallint    NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment          text        NULL CHECK (comment IS NULL OR length(comment) <= 1000),
    rated_at         timestamptz NOT NULL
);
CREATE INDEX conversation_ratings_rated_at ON conversation_ratings (rated_at);
