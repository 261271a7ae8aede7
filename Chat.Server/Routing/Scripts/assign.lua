-- Assign waiting conversations, oldest first, each to the least-loaded eligible agent below capacity
-- (ties: the agent idle longest). Atomic, so two instances can never hand out the same chat.
-- Each step looks only at the head of each topic's queue and the head of each topic's free-agent index, so a run
-- costs O(assigned × topics × log agents), whatever the number of agents or waiting chats.
-- ARGV: prefix, now (ms), max (most chats assigned). Returns a flat list: conv1, agent1, conv2, agent2, ...
local p = @prefix
local now = tonumber(@now)
local max = tonumber(@max)

--#include agents

local topics = redis.call('HKEYS', p .. 'seats')
local out = {}
while #out < max * 2 do
  -- The oldest chat at the head of a topic queue that has an agent free for it.
  local conv, topic, agent, oldest = nil, nil, nil, nil
  for _, t in ipairs(topics) do
    local head = redis.call('ZRANGE', p .. 'queue:' .. t, 0, 0, 'WITHSCORES')
    if head[1] and (oldest == nil or tonumber(head[2]) < oldest) then
      local id = free_agent(p, t, now, nil)
      if id then
        conv, topic, agent, oldest = head[1], t, id, tonumber(head[2])
      end
    end
  end
  if not conv then
    break
  end

  local h = p .. 'conv:' .. conv
  redis.call('ZREM', p .. 'queue:all', conv)
  redis.call('ZREM', p .. 'queue:' .. topic, conv)
  if redis.call('HGET', h, 'topic') == topic then
    redis.call('HSET', h, 'agent', agent, 'assignedAt', now)
    redis.call('HDEL', h, 'answered')
    redis.call('SADD', p .. 'agentchats:' .. agent, conv)
    redis.call('HSET', p .. 'agent:' .. agent, 'lastAssigned', now)
    reindex(p, agent, now)
    table.insert(out, conv)
    table.insert(out, agent)
  end
  -- Otherwise a stale entry whose conversation is gone (or moved to another topic): dropped above.
end
return out
