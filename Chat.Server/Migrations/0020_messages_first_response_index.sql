-- The supervisors' live figures average the first agent answer of the last hour's chats on every tick: without
-- this index each chat's messages were read in full (the statement cost more PostgreSQL time than all message
-- inserts in the load test); with it the first answer is one index probe per chat. Partial: agent messages only.
CREATE INDEX IF NOT EXISTS messages_agent_first ON messages (conversation_id, created_at) WHERE sender_role = 'agent';
