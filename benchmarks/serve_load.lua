-- wrk script for benchmarks/serve_load.sh: GETs the request targets listed one per line in the file
-- given after `--`, and prints p50/p90/p99.
--   wrk ... -s serve_load.lua URL -- TARGETS            cycles through them (each wrk thread starts
--                                                        at a different line)
--   wrk ... -s serve_load.lua URL -- TARGETS once N     N wrk threads take disjoint slices (thread i
--                                                        every N-th line from line i) and say how
--                                                        many requests repeated a target (0 unless
--                                                        the file ran out)
local targets = {}
local next_index = 1
local step = 1
once = false  -- globals: read by done() through thread:get
local threads_made = 0
local threads = {}
repeats = 0

function setup(thread)
  thread:set("id", threads_made)
  threads_made = threads_made + 1
  threads[#threads + 1] = thread
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot read " .. tostring(args[1]))
  for line in file:lines() do
    if #line > 0 then targets[#targets + 1] = line end
  end
  file:close()
  assert(#targets > 0, "no request targets in " .. args[1])
  if args[2] == "once" then
    once = true
    step = assert(tonumber(args[3]), "once needs the number of wrk threads")
    next_index = (id or 0) % step + 1
  else
    next_index = ((id or 0) * 7919) % #targets + 1
  end
end

function request()
  local target = targets[next_index]
  next_index = next_index + step
  if next_index > #targets then
    next_index = (next_index - 1) % step + 1
    repeats = repeats + 1
  end
  return wrk.format("GET", target)
end

function done(summary, latency, requests)
  io.write(string.format("requests/s %.0f  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, status %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
  if threads[1] ~= nil and threads[1]:get("once") then
    local wrapped = 0
    for _, t in ipairs(threads) do wrapped = wrapped + (t:get("repeats") or 0) end
    if wrapped == 0 then
      io.write("no target repeated\n")
    else
      io.write(string.format("WARNING: the targets ran out %d times: some were repeated\n", wrapped))
    end
  end
end
