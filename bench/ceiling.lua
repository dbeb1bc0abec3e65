-- wrk script for the native ceiling (ThroughputBench --wrk): POSTs the mapped order WooTrack would send, each request
-- with its own externalOrderId and Idempotency-Key, to the TrackingTech sandbox.
-- Environment: CEILING_BODY (a file: the body, with __ID__ where the order id goes), CEILING_TOKEN, CEILING_PATH.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  local f = assert(io.open(os.getenv("CEILING_BODY"), "r"))
  template = f:read("*a")
  f:close()
  token = os.getenv("CEILING_TOKEN")
  n = tid * 100000000
end
function request()
  n = n + 1
  local id = tostring(n)
  return wrk.format("POST", os.getenv("CEILING_PATH"), {
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = "s_1:" .. id,
    ["Content-Type"] = "application/json"
  }, (template:gsub("__ID__", id)))
end
