-- The one rule of which agent may take a chat, loaded in front of every routing script that needs it
-- (a line "--#include agents" is replaced by this file). An agent is available when its status is 'online'
-- and its heartbeat has not expired; it has a seat when it holds fewer chats than its capacity; it takes a
-- topic listed in its topics (",teknis,akun,").
local function available_agent(p, id, now)
  local a = redis.call('HMGET', p .. 'agent:' .. id, 'status', 'capacity', 'topics', 'lastAssigned')
  local expiry = tonumber(redis.call('ZSCORE', p .. 'presence', id) or '0')
  if a[1] ~= 'online' or expiry <= now then
    return nil
  end
  return { id = id, cap = tonumber(a[2]) or 0, topics = a[3] or '', last = tonumber(a[4]) or 0 }
end

local function has_seat(p, agent)
  agent.load = redis.call('SCARD', p .. 'agentchats:' .. agent.id)
  return agent.load < agent.cap
end

local function takes_topic(agent, topic)
  return string.find(agent.topics, ',' .. topic .. ',', 1, true) ~= nil
end
