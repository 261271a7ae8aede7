-- The one rule of which agent may take a chat, loaded in front of every routing script that needs it
-- (a line "--#include agents" is replaced by this file). An agent is available when its status is 'online'
-- and its heartbeat has not expired; it has a seat when it holds fewer chats than its capacity; it takes a
-- topic listed in its topics (",teknis,akun,").
--
-- The rule is kept as indexes, so that finding an agent costs O(log agents) instead of a read of every agent:
--   online:TOPIC  ZSET  agents with status 'online' that take TOPIC → heartbeat expiry (ms)
--   free:TOPIC    ZSET  those of them with a seat → load * 1e13 + lastAssigned (ms): least loaded first, then the
--                       one who waited longest since their last chat
--   seats         HASH  TOPIC → sum of the capacities in online:TOPIC (for queue estimates)
--   agent:ID      HASH  indexed (the topics it is indexed under, ",a,b,"), indexedCap (the capacity counted in seats)
-- Every script that changes an agent's status, capacity, topics, heartbeat or chats calls reindex() for it. A
-- heartbeat that expires changes nothing by itself, so the indexes may still hold an expired agent: readers check
-- the expiry of the agent they are about to pick (free_agent) and drop it then; the sweep takes it offline.
local function available_agent(p, id, now)
  local a = redis.call('HMGET', p .. 'agent:' .. id, 'status', 'capacity', 'topics', 'lastAssigned')
  local expiry = tonumber(redis.call('ZSCORE', p .. 'presence', id) or '0')
  if a[1] ~= 'online' or expiry <= now then
    return nil
  end
  return { id = id, cap = tonumber(a[2]) or 0, topics = a[3] or '', last = tonumber(a[4]) or 0, expiry = expiry }
end

local function has_seat(p, agent)
  agent.load = redis.call('SCARD', p .. 'agentchats:' .. agent.id)
  return agent.load < agent.cap
end

local function takes_topic(agent, topic)
  return string.find(agent.topics, ',' .. topic .. ',', 1, true) ~= nil
end

local function topic_list(topics)
  local list = {}
  for t in string.gmatch(topics or '', '[^,]+') do
    table.insert(list, t)
  end
  return list
end

-- Scores are written as integers: Lua's default number format keeps 14 digits and would round them.
local function score(n)
  return string.format('%.0f', n)
end

-- Brings the agent's entries in online:*, free:* and seats in line with the rule; returns the agent when available.
local function reindex(p, id, now)
  local key = p .. 'agent:' .. id
  local old = redis.call('HMGET', key, 'indexed', 'indexedCap')
  for _, t in ipairs(topic_list(old[1])) do
    redis.call('ZREM', p .. 'free:' .. t, id)
    redis.call('ZREM', p .. 'online:' .. t, id)
    redis.call('HINCRBY', p .. 'seats', t, -(tonumber(old[2]) or 0))
  end
  local a = available_agent(p, id, now)
  if not a then
    if old[1] then
      redis.call('HDEL', key, 'indexed', 'indexedCap')
    end
    return nil
  end
  local seat = has_seat(p, a)
  for _, t in ipairs(topic_list(a.topics)) do
    redis.call('ZADD', p .. 'online:' .. t, score(a.expiry), id)
    redis.call('HINCRBY', p .. 'seats', t, a.cap)
    if seat then
      redis.call('ZADD', p .. 'free:' .. t, score(a.load * 1e13 + a.last), id)
    end
  end
  redis.call('HSET', key, 'indexed', a.topics, 'indexedCap', a.cap)
  return a
end

-- The agent who takes the next chat of the topic (least loaded, then idle longest), skipping `except`; nil when none.
-- (No parameter names with an at sign in this file: every script that includes it would need them.)
-- An agent whose heartbeat expired since it was indexed is dropped from the indexes on the way.
local function free_agent(p, topic, now, except)
  while true do
    local candidates = redis.call('ZRANGE', p .. 'free:' .. topic, 0, 1)
    local dropped = false
    for _, id in ipairs(candidates) do
      if id ~= except then
        if tonumber(redis.call('ZSCORE', p .. 'presence', id) or '0') > now then
          return id
        end
        reindex(p, id, now)
        dropped = true
        break
      end
    end
    if not dropped then
      return nil
    end
  end
end
