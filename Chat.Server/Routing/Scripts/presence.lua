-- Agent presence. op = 'set' (status, capacity, topics), 'heartbeat', or 'expire' (sweep).
-- An agent going offline, or whose heartbeat expired, gives its chats back to the queue at their old places.
-- Each change is carried into the agent indexes (agents.include.lua).
-- 'set' offline and 'expire' return a flat list: agent, n, conv1..convn, agent, n, ...
local p = @prefix
local now = tonumber(@now)
local ttl = tonumber(@ttl)
--#include agents

local function requeue(agent)
  local out = {}
  local key = p .. 'agentchats:' .. agent
  for _, c in ipairs(redis.call('SMEMBERS', key)) do
    local h = p .. 'conv:' .. c
    local topic = redis.call('HGET', h, 'topic')
    local score = redis.call('HGET', h, 'queuedAt')
    if topic and score then
      redis.call('ZADD', p .. 'queue:all', score, c)
      redis.call('ZADD', p .. 'queue:' .. topic, score, c)
      redis.call('HDEL', h, 'agent', 'assignedAt', 'answered')
      table.insert(out, c)
    end
  end
  redis.call('DEL', key)
  return out
end

local function offline(agent, result)
  redis.call('SREM', p .. 'agents', agent)
  redis.call('ZREM', p .. 'presence', agent)
  redis.call('HSET', p .. 'agent:' .. agent, 'status', 'offline')
  local convs = requeue(agent)
  reindex(p, agent, now)
  table.insert(result, agent)
  table.insert(result, #convs)
  for _, c in ipairs(convs) do
    table.insert(result, c)
  end
end

local op = @op
local agent = @agent
if op == 'set' then
  local result = {}
  if @status == 'offline' then
    offline(agent, result)
    return result
  end
  redis.call('HSET', p .. 'agent:' .. agent, 'status', @status, 'capacity', @capacity, 'topics', @topics, 'name', @name)
  redis.call('SADD', p .. 'agents', agent)
  redis.call('ZADD', p .. 'presence', now + ttl, agent)
  reindex(p, agent, now)
  return result
elseif op == 'heartbeat' then
  local changed = redis.call('ZADD', p .. 'presence', 'XX', 'CH', now + ttl, agent)
  reindex(p, agent, now)
  return changed
else
  local result = {}
  for _, a in ipairs(redis.call('ZRANGEBYSCORE', p .. 'presence', '-inf', now)) do
    offline(a, result)
  end
  return result
end
