-- Queue a conversation (idempotent). Score is its first enqueue time, so a chat put back keeps its place.
local p = @prefix
local c = @conv
local h = p .. 'conv:' .. c
local score = redis.call('HGET', h, 'queuedAt') or @score
redis.call('HSET', h, 'topic', @topic, 'visitor', @visitor, 'queuedAt', score)
redis.call('HDEL', h, 'agent', 'assignedAt')
redis.call('ZADD', p .. 'queue:all', score, c)
redis.call('ZADD', p .. 'queue:' .. @topic, score, c)
return redis.call('ZRANK', p .. 'queue:' .. @topic, c)
