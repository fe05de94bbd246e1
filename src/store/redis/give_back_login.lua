-- A counted login attempt that was no failure gives its place back
-- (logins.rs says when).
--
-- KEYS: 1 the account's failures from the address, 2 the address's failures
-- ARGV: 1 'FORGET' to forget the account's failures from the address (the
--       password was right), or 'ONE' to take back just this one

local function take_back_one(key)
  if redis.call('EXISTS', key) == 1 and redis.call('DECR', key) <= 0 then
    redis.call('DEL', key)
  end
end

if ARGV[1] == 'FORGET' then
  redis.call('DEL', KEYS[1])
else
  take_back_one(KEYS[1])
end
take_back_one(KEYS[2])
return 0
