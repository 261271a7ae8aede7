-- One topic's queue for position updates: agents online, seats they offer, average handling time,
-- then conv, visitor, queuedAt, offered (0/1) for each waiting chat, in queue order.
local p = @prefix
local topic = @topic
local now = tonumber(@now)
--#include agents

local agents, seats = 0, 0
for _, id in ipairs(redis.call('SMEMBERS', p .. 'agents')) do
  local a = available_agent(p, id, now)
  if a and takes_topic(a, topic) then
    agents = agents + 1
    seats = seats + a.cap
  end
end
local out = { agents, seats, redis.call('HGET', p .. 'stats', 'avgHandleMs') or '0' }
for _, c in ipairs(redis.call('ZRANGE', p .. 'queue:' .. topic, 0, -1)) do
  local h = redis.call('HMGET', p .. 'conv:' .. c, 'visitor', 'queuedAt', 'offered')
  table.insert(out, c)
  table.insert(out, h[1] or '')
  table.insert(out, h[2] or '0')
  table.insert(out, h[3] or '0')
end
return out
