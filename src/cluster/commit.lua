-- The commit of one group: fenced, all or nothing (commit.rs says why).
--
-- KEYS: 1 lease, 2 cursor, 3 group counter, 4 output stream, 5 input stream,
--       6... the record tables the writes name
-- ARGV: 1 token (node:epoch), 2 epoch, 3 previous cursor, 4 new cursor,
--       5 output retention in ms, 6 the batch,
--       then four per write: 'S' (set) or 'D' (delete), the table's index
--       in KEYS, the record's key, its value ('' for a delete)
--
-- Every check comes before the first write: a refused commit changes nothing.

local lease = redis.call('GET', KEYS[1])
if lease ~= ARGV[1] then
  return {'FENCED', lease or ''}
end
local cursor = redis.call('GET', KEYS[2]) or '0-0'
if cursor ~= ARGV[3] then
  return {'CONFLICT', cursor}
end

for i = 7, #ARGV, 4 do
  local table_key = KEYS[tonumber(ARGV[i + 1])]
  if ARGV[i] == 'S' then
    redis.call('HSET', table_key, ARGV[i + 2], ARGV[i + 3])
  else
    redis.call('HDEL', table_key, ARGV[i + 2])
  end
end

if ARGV[4] ~= cursor then
  redis.call('SET', KEYS[2], ARGV[4])
  -- Applied inputs are no longer needed; '~' trims whole stream nodes only.
  redis.call('XTRIM', KEYS[5], 'MINID', '~', ARGV[4])
end

local group = redis.call('INCR', KEYS[3])
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local oldest = string.format('%d-0', now_ms - tonumber(ARGV[5]))
local id = redis.call('XADD', KEYS[4], 'MINID', '~', oldest, '*',
  'g', group, 'e', ARGV[2], 'b', ARGV[6])
return {'OK', group, id}
