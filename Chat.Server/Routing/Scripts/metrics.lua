-- The supervisors' live figures from Redis in one script: each topic's waiting chats (their queue times) and
-- every agent at work (heartbeat alive) with status, capacity and chats held. Figures as they are, not the assignment rule:
-- the dashboard shows away and full agents too. cjson turns empty tables into {}; the reader accepts both.
-- ARGV: prefix, now (ms), topics (JSON array).
local p = @prefix
local now = tonumber(@now)
local out = { queues = {}, agents = {} }
for i, t in ipairs(cjson.decode(@topics)) do
  local entries = redis.call('ZRANGE', p .. 'queue:' .. t, 0, -1, 'WITHSCORES')
  local scores = {}
  for j = 2, #entries, 2 do table.insert(scores, tonumber(entries[j])) end
  out.queues[i] = { topic = t, scores = scores }
end
-- Only agents whose heartbeat has not expired (the presence index by expiry); one whose heartbeat expired stays in
-- the index until the next sweep takes it offline, and is not at work.
for _, a in ipairs(redis.call('ZRANGEBYSCORE', p .. 'presence', '(' .. now, '+inf')) do
  local h = redis.call('HMGET', p .. 'agent:' .. a, 'name', 'status', 'capacity')
  table.insert(out.agents, { id = a, name = h[1] or '', status = h[2] or 'offline', capacity = tonumber(h[3]) or 0,
    alive = true, chats = redis.call('SMEMBERS', p .. 'agentchats:' .. a) })
end
return cjson.encode(out)
