-- Rebuilds the agent indexes (agents.include.lua) from the agents' own state: run once when an instance starts, so
-- that routing state written before the indexes existed (or by an older version) is indexed. O(agents), not per chat.
-- ARGV: prefix, now (ms). Returns the number of agents indexed as available.
local p = @prefix
local now = tonumber(@now)
--#include agents

for _, t in ipairs(redis.call('HKEYS', p .. 'seats')) do
  for _, id in ipairs(redis.call('ZRANGE', p .. 'online:' .. t, 0, -1)) do
    redis.call('HDEL', p .. 'agent:' .. id, 'indexed', 'indexedCap')
  end
  redis.call('DEL', p .. 'online:' .. t, p .. 'free:' .. t)
end
redis.call('DEL', p .. 'seats')
local available = 0
for _, id in ipairs(redis.call('SMEMBERS', p .. 'agents')) do
  redis.call('HDEL', p .. 'agent:' .. id, 'indexed', 'indexedCap')
  if reindex(p, id, now) then
    available = available + 1
  end
end
return available
