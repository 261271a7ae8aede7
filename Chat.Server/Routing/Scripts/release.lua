-- Take a conversation out of routing (closed, left the queue, or transferred away).
-- Returns { wasQueued (0/1), agent id or '' }.
local p = @prefix
local c = @conv
local h = p .. 'conv:' .. c
local topic = redis.call('HGET', h, 'topic')
local agent = redis.call('HGET', h, 'agent') or ''
local queued = redis.call('ZREM', p .. 'queue:all', c)
if topic then
  redis.call('ZREM', p .. 'queue:' .. topic, c)
end
if agent ~= '' then
  redis.call('SREM', p .. 'agentchats:' .. agent, c)
end
redis.call('DEL', h)
return { queued, agent }
