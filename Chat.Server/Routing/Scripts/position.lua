-- A topic's availability and one chat's place in its queue, without reading the queue: 0-based rank (-1 when the
-- chat is not waiting there, or none was asked for), agents online, seats, average handling time (ms). Agents and
-- seats as in snapshot.lua, from the indexes of agents.include.lua.
-- ARGV: prefix, topic, conv ('' for none), now (ms).
local p = @prefix
local topic = @topic
local now = tonumber(@now)
local rank = nil
if @conv ~= '' then
  rank = redis.call('ZRANK', p .. 'queue:' .. topic, @conv)
end
local agents = redis.call('ZCOUNT', p .. 'online:' .. topic, '(' .. string.format('%.0f', now), '+inf')
local seats = agents > 0 and math.max(0, tonumber(redis.call('HGET', p .. 'seats', topic) or '0')) or 0
return { rank or -1, agents, seats, redis.call('HGET', p .. 'stats', 'avgHandleMs') or '0' }
