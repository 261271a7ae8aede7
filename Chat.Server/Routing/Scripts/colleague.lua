-- The least-loaded agent other than @from who may take a chat of @topic now (available, a free seat, the topic);
-- '' when there is none. Used to hand a chat given back by its agent straight to a colleague.
-- ARGV: prefix, from, topic, now (ms).
local p = @prefix
local now = tonumber(@now)
--#include agents

local best, bestLoad = '', nil
for _, id in ipairs(redis.call('SMEMBERS', p .. 'agents')) do
  if id ~= @from then
    local a = available_agent(p, id, now)
    if a and takes_topic(a, @topic) and has_seat(p, a) and (bestLoad == nil or a.load < bestLoad) then
      best, bestLoad = id, a.load
    end
  end
end
return best
