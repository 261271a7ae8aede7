-- One topic's queue for position updates: agents online, seats they offer, average handling time,
-- then conv, visitor, queuedAt, offered (0/1) for each waiting chat, in queue order.
local p = @prefix
local topic = @topic
local now = tonumber(@now)
local agents, seats = 0, 0
local needle = ',' .. topic .. ','
for _, a in ipairs(redis.call('SMEMBERS', p .. 'agents')) do
  local h = redis.call('HMGET', p .. 'agent:' .. a, 'status', 'capacity', 'topics')
  local expiry = redis.call('ZSCORE', p .. 'presence', a)
  if h[1] == 'online' and expiry and tonumber(expiry) > now and string.find(h[3] or '', needle, 1, true) then
    agents = agents + 1
    seats = seats + (tonumber(h[2]) or 0)
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
