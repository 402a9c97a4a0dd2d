-- wrk script: POST /api/v1/events with a new source_ref on every request, so each is a new
-- event (an insert, never an unchanged re-post). The token comes from the environment.
local counter = 0
local prefix = ""

function setup(thread)
  thread:set("id", tostring(math.random(1, 1e9)))
end

function init(args)
  prefix = id .. "-" .. tostring(os.time())
end

function request()
  counter = counter + 1
  local ref = prefix .. "-" .. counter
  local body = '{"occurred_at":"2026-11-28T06:00:00Z","location":{"lat":25.13,"lon":62.33},' ..
    '"domain":"crime","type":"theft","severity":2,"tlp":"GREEN",' ..
    '"title":"Write benchmark ' .. ref .. '","source":"write-bench","source_ref":"' .. ref .. '"}'
  return wrk.format("POST", "/api/v1/events", {
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
    ["Content-Type"] = "application/json",
  }, body)
end
