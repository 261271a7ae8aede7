-- One topic's queue for position updates: agents online, seats they offer, average handling time,
-- then conv, visitor, queuedAt, offered (0/1) for each waiting chat, in queue order.
-- Agents and seats come from the indexes (agents.include.lua): agents whose heartbeat has not expired, and the
-- capacity of the topic's online agents (an agent that expired since the last sweep still counts there).
local p = @prefix
local topic = @topic
local now = tonumber(@now)

local agents = redis.call('ZCOUNT', p .. 'online:' .. topic, '(' .. string.format('%.0f', now), '+inf')
local seats = agents > 0 and math.max(0, tonumber(redis.call('HGET', p .. 'seats', topic) or '0')) or 0
local out = { agents, seats, redis.call('HGET', p .. 'stats', 'avgHandleMs') or '0' }
for _, c in ipairs(redis.call('ZRANGE', p .. 'queue:' .. topic, 0, -1)) do
  local h = redis.call('HMGET', p .. 'conv:' .. c, 'visitor', 'queuedAt', 'offered')
  table.insert(out, c)
  table.insert(out, h[1] or '')
  table.insert(out, h[2] or '0')
  table.insert(out, h[3] or '0')
end
return out
