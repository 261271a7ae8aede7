-- Take a conversation out of routing (closed, left the queue, or transferred away); the agent who held it has a
-- seat free again.
-- ARGV: prefix, conv, now (ms). Returns { wasQueued (0/1), agent id or '' }.
local p = @prefix
local c = @conv
local now = tonumber(@now)
--#include agents

local h = p .. 'conv:' .. c
local topic = redis.call('HGET', h, 'topic')
local agent = redis.call('HGET', h, 'agent') or ''
local queued = redis.call('ZREM', p .. 'queue:all', c)
if topic then
  redis.call('ZREM', p .. 'queue:' .. topic, c)
end
if agent ~= '' then
  redis.call('SREM', p .. 'agentchats:' .. agent, c)
  reindex(p, agent, now)
end
redis.call('DEL', h)
return { queued, agent }
