-- One login attempt counted as a failure before its password is checked,
-- unless a window is full already (logins.rs says why).
--
-- KEYS: 1 the account's failures from the address, 2 the address's
--       failures, 3 the account's set of addresses with failures
-- ARGV: 1 the address, 2 failures that lock the account from it, 3 their
--       window in ms, 4 failures that refuse the address, 5 its window in ms
--
-- Returns {'ADDRESS', ms left} or {'ACCOUNT', ms left} if refused (nothing
-- counted), else {'COUNTED', the account's failures from the address now}.

local function left_if_full(key, max)
  local failures = tonumber(redis.call('GET', key) or '0')
  if failures < max then
    return nil
  end
  return math.max(redis.call('PTTL', key), 0)
end

local address_full = left_if_full(KEYS[2], tonumber(ARGV[4]))
if address_full then
  return {'ADDRESS', address_full}
end
local account_full = left_if_full(KEYS[1], tonumber(ARGV[2]))
if account_full then
  return {'ACCOUNT', account_full}
end

-- A window starts at its first failure and ends when its key expires.
local failures = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3], 'NX')
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[5], 'NX')
-- Outlives every counter it lists: none is older than now.
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return {'COUNTED', failures}
