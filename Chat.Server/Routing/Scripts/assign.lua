-- Assign waiting conversations, oldest first, each to the least-loaded eligible agent below capacity
-- (ties: the agent idle longest). Atomic, so two instances can never hand out the same chat.
-- Returns a flat list: conv1, agent1, conv2, agent2, ...
local p = @prefix
local now = tonumber(@now)
local max = tonumber(@max)

--#include agents

local agents = {}
for _, id in ipairs(redis.call('SMEMBERS', p .. 'agents')) do
  local a = available_agent(p, id, now)
  if a and has_seat(p, a) then
    table.insert(agents, a)
  end
end

local out = {}
if #agents == 0 then
  return out
end

for _, c in ipairs(redis.call('ZRANGE', p .. 'queue:all', 0, 999)) do
  if #agents == 0 or #out >= max * 2 then
    break
  end
  local h = p .. 'conv:' .. c
  local topic = redis.call('HGET', h, 'topic')
  if not topic then
    -- A stale entry whose conversation is gone: drop it.
    redis.call('ZREM', p .. 'queue:all', c)
  else
    local best, bestIndex = nil, nil
    for i, a in ipairs(agents) do
      if takes_topic(a, topic) then
        if best == nil or a.load < best.load or (a.load == best.load and a.last < best.last) then
          best, bestIndex = a, i
        end
      end
    end
    if best then
      redis.call('ZREM', p .. 'queue:all', c)
      redis.call('ZREM', p .. 'queue:' .. topic, c)
      redis.call('HSET', h, 'agent', best.id, 'assignedAt', now)
      redis.call('HDEL', h, 'answered')
      redis.call('SADD', p .. 'agentchats:' .. best.id, c)
      redis.call('HSET', p .. 'agent:' .. best.id, 'lastAssigned', now)
      best.load = best.load + 1
      best.last = now
      if best.load >= best.cap then
        table.remove(agents, bestIndex)
      end
      table.insert(out, c)
      table.insert(out, best.id)
    end
  end
end
return out
