-- A new password for one account, and every session of it ended, in one
-- step (accounts.rs says why).
--
-- KEYS: 1 the accounts hash, 2 the account's set of sessions, 3 the
--       logouts channel
-- ARGV: 1 the account's key, 2 its record as the caller read it, 3 the
--       record with the new password hash, 4 what every session key
--       starts with, 5 what follows each digest in its announcement (why
--       it ended)
--
-- Returns nil if there is no such account, 'CHANGED' (and writes nothing)
-- if its record is no longer the one read, else how many sessions ended.

local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return nil
end
if current ~= ARGV[2] then
  return 'CHANGED'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])

local ended = 0
for _, digest in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('DEL', ARGV[4] .. digest) == 1 then
    ended = ended + 1
  end
  -- Announced even if it had expired: a connection opened with it may
  -- still be open. The channel carries the digest's bytes, not its hex.
  local bytes = digest:gsub('..', function(pair)
    return string.char(tonumber(pair, 16))
  end)
  redis.call('PUBLISH', KEYS[3], bytes .. ARGV[5])
end
redis.call('DEL', KEYS[2])
return ended
