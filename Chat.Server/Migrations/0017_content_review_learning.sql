-- Supervisors' decisions on flagged text outside the chat become labelled examples too, and an upheld decision acts on
-- the text people read.

-- What the flagged text belongs to: the visitor (name, agency), the ticket (subject), the ticket entry (offline message,
-- ticket entry) or the conversation (rating comment). Null for items queued before this migration.
ALTER TABLE moderation_content_reviews ADD COLUMN subject_id uuid NULL;
-- What an upheld decision did to that text (name_replaced, entry_held, …; unchanged when it had changed since).
ALTER TABLE moderation_content_reviews ADD COLUMN applied text NULL;

-- A labelled example comes from a chat message or from a content review, never both.
ALTER TABLE moderation_examples ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE moderation_examples ADD COLUMN content_review_id uuid NULL UNIQUE REFERENCES moderation_content_reviews (id);
ALTER TABLE moderation_examples DROP CONSTRAINT moderation_examples_source_check;
ALTER TABLE moderation_examples ADD CONSTRAINT moderation_examples_source_check
    CHECK (source IN ('review.upheld', 'review.overturned', 'marked', 'content.upheld', 'content.overturned'));
ALTER TABLE moderation_examples ADD CONSTRAINT moderation_examples_one_origin
    CHECK ((message_id IS NULL) <> (content_review_id IS NULL));

-- Upheld: the name or agency is replaced by a neutral placeholder and the visitor is asked to choose another
-- (cleared when they change it); a ticket subject is replaced; a ticket entry or rating comment is held: only
-- supervisors and its author read it, everyone else sees that it was held.
ALTER TABLE visitors ADD COLUMN profile_held_at timestamptz NULL;
ALTER TABLE ticket_entries ADD COLUMN held_at timestamptz NULL;
ALTER TABLE conversation_ratings ADD COLUMN comment_held_at timestamptz NULL;
