-- Forgets every failed login of one account, from every address (an
-- admin's unlock). The addresses' own counts are left alone.
--
-- KEYS: 1 the account's set of addresses with failures
-- ARGV: 1 what the account's counters start with (each address follows)

for _, address in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  redis.call('DEL', ARGV[1] .. address)
end
redis.call('DEL', KEYS[1])
return 0
