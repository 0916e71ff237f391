-- wrk script for benchmarks/serve_load.sh: GETs the request targets listed one per line in the file
-- given after `--`, in turn (each wrk thread starts at a different line), and prints p50/p90/p99.
local targets = {}
local next_index = 1
local threads_made = 0

function setup(thread)
  thread:set("id", threads_made)
  threads_made = threads_made + 1
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot read " .. tostring(args[1]))
  for line in file:lines() do
    if #line > 0 then targets[#targets + 1] = line end
  end
  file:close()
  assert(#targets > 0, "no request targets in " .. args[1])
  next_index = ((id or 0) * 7919) % #targets + 1
end

function request()
  local target = targets[next_index]
  next_index = next_index % #targets + 1
  return wrk.format("GET", target)
end

function done(summary, latency, requests)
  io.write(string.format("requests/s %.0f  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, status %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
end
