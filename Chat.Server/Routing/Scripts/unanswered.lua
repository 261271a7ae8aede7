-- Takes back assigned chats the agent has not answered within the timeout (no agent message since assignment):
-- each returns to the queue at its first queue time, i.e. ahead of everyone who came later, and the agent is
-- marked away so that the next assignment gives it to someone else. Atomic with assignment and answering.
-- KEYS: none (one slot, {routing}); ARGV: prefix, now (ms), timeout (ms).
-- Returns a flat list: agent, n, conv1..convn, agent, n, ...
local p = @prefix
local now = tonumber(@now)
local timeout = tonumber(@timeout)
--#include agents

local out = {}
for _, agent in ipairs(redis.call('SMEMBERS', p .. 'agents')) do
  local key = p .. 'agentchats:' .. agent
  local taken = {}
  for _, c in ipairs(redis.call('SMEMBERS', key)) do
    local h = p .. 'conv:' .. c
    local v = redis.call('HMGET', h, 'assignedAt', 'answered', 'topic', 'queuedAt')
    local assigned = tonumber(v[1])
    if assigned and not v[2] and v[3] and v[4] and assigned + timeout <= now then
      redis.call('SREM', key, c)
      redis.call('ZADD', p .. 'queue:all', v[4], c)
      redis.call('ZADD', p .. 'queue:' .. v[3], v[4], c)
      redis.call('HDEL', h, 'agent', 'assignedAt')
      table.insert(taken, c)
    end
  end
  if #taken > 0 then
    redis.call('HSET', p .. 'agent:' .. agent, 'status', 'away')
    reindex(p, agent, now)
    table.insert(out, agent)
    table.insert(out, #taken)
    for _, c in ipairs(taken) do
      table.insert(out, c)
    end
  end
end
return out
