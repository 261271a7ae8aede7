-- Queue a conversation (idempotent). Score is its first enqueue time, so a chat put back keeps its place.
-- Returns its 0-based rank in the topic queue, or -1 when it is already assigned (then nothing changes:
-- PostgreSQL may simply not have recorded the assignment yet).
local p = @prefix
local c = @conv
local h = p .. 'conv:' .. c
if redis.call('HEXISTS', h, 'agent') == 1 then
  return -1
end
local score = redis.call('HGET', h, 'queuedAt') or @score
redis.call('HSET', h, 'topic', @topic, 'visitor', @visitor, 'queuedAt', score)
redis.call('ZADD', p .. 'queue:all', score, c)
redis.call('ZADD', p .. 'queue:' .. @topic, score, c)
return redis.call('ZRANK', p .. 'queue:' .. @topic, c)
