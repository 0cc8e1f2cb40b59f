-- wrk script: rotates GET requests over the paths in $PATHS_FILE (one per line) with the
-- bearer token in $RISKBRAIN_TOKEN; reports p50/p90/p99 latency at the end.
local paths = {}
local token = os.getenv("RISKBRAIN_TOKEN") or ""
local file = os.getenv("PATHS_FILE") or "paths.txt"
for line in io.lines(file) do
  if #line > 0 then paths[#paths + 1] = line end
end
local counter = 0

function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
end

function init(args)
  index = offset or 0
end

function request()
  index = index + 1
  local path = paths[(index % #paths) + 1]
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, errors (non-2xx/3xx) %d, timeouts %d\n",
    summary.requests, summary.errors.status, summary.errors.timeout))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("latency p%s %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("req/s %.0f\n", summary.requests / (summary.duration / 1e6)))
end
