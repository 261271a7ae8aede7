-- Files on ticket entries can be withheld too: their review item points at the entry instead of a chat message.
ALTER TABLE moderation_reviews ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE moderation_reviews ALTER COLUMN conversation_id DROP NOT NULL;
ALTER TABLE moderation_reviews ADD COLUMN ticket_entry_id uuid NULL REFERENCES ticket_entries (id);
ALTER TABLE moderation_reviews ADD CONSTRAINT moderation_reviews_subject
    CHECK (message_id IS NOT NULL OR (attachment_id IS NOT NULL AND ticket_entry_id IS NOT NULL));

-- A strike from an upheld withheld file names the file (a ticket file has no message). No foreign key: retention
-- removes a visitor's files, and the strike's record stays.
ALTER TABLE moderation_strikes ADD COLUMN attachment_id uuid NULL;
