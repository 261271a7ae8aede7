-- Ticket entries (offline form, replies) carry their files the same way as messages: the list as the author
-- attached them, beside the entry.
ALTER TABLE ticket_entries ADD COLUMN attachments jsonb NULL;
