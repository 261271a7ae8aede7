-- Labelled examples for the learned moderation layer: each supervisor decision in the review queue (upheld: the
-- verdict's category; overturned: benign) and each delivered message a supervisor marked as harmful. The text is
-- copied so that `moderate train` reads one table.

CREATE TABLE moderation_examples (
    id          uuid PRIMARY KEY,
    message_id  uuid        NOT NULL REFERENCES messages (id),
    body        text        NOT NULL,
    label       text        NOT NULL,
    source      text        NOT NULL CHECK (source IN ('review.upheld', 'review.overturned', 'marked')),
    decided_by  uuid        NULL REFERENCES staff (id),
    note        text        NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (message_id, source)
);
CREATE INDEX moderation_examples_created ON moderation_examples (created_at);

-- A blocked message that a supervisor overturned is delivered to the other side, marked as released after review.
ALTER TABLE messages ADD COLUMN released_at timestamptz NULL;
