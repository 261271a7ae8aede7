-- The least-loaded agent other than @from who may take a chat of @topic now (available, a free seat, the topic);
-- '' when there is none. Used to hand a chat given back by its agent straight to a colleague.
-- ARGV: prefix, from, topic, now (ms).
local p = @prefix
local now = tonumber(@now)
--#include agents

return free_agent(p, @topic, now, @from) or ''
