-- The assigned agent wrote in the chat: the answer timeout (unanswered.lua) no longer applies to this assignment.
-- Only while the chat is still with that agent, so a closed chat's hash is never brought back.
-- ARGV: prefix, conv, agent. Returns 1 when it was the first answer.
local h = @prefix .. 'conv:' .. @conv
if redis.call('HGET', h, 'agent') == @agent then
  return redis.call('HSETNX', h, 'answered', 1)
end
return 0
