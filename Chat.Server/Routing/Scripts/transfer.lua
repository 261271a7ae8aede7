-- Moves an active chat's seat from one agent to another, only when the chat is still with @from and @to may
-- take it (available, with a free seat; a transfer may cross topics, so the target's topics are not checked).
-- ARGV: prefix, conv, from, to, now (ms), topic (the chat's topic after the move).
-- Returns -1 when the chat is not with @from, 0 when @to cannot take it, 1 when moved.
local p = @prefix
local now = tonumber(@now)
--#include agents

local h = p .. 'conv:' .. @conv
if redis.call('HGET', h, 'agent') ~= @from then
  return -1
end
local target = available_agent(p, @to, now)
if not target or not has_seat(p, target) then
  return 0
end
redis.call('SREM', p .. 'agentchats:' .. @from, @conv)
redis.call('SADD', p .. 'agentchats:' .. @to, @conv)
redis.call('HSET', h, 'agent', @to, 'assignedAt', now, 'topic', @topic)
redis.call('HDEL', h, 'answered')
reindex(p, @from, now)
reindex(p, @to, now)
return 1
