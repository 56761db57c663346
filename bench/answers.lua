-- bench/answers.lua: wrk sends the answers in the file ANSWERS, each line once (path TAB who TAB
-- body; who is an organizer's session cookie for a form POST, or "Bearer TOKEN" for the JSON
-- API), shared out among wrk's threads. wrk runs for its fixed duration, so the file should hold
-- more answers than the server can take in that time; if a thread runs out, it waits (wrk's
-- delay()) and the line says "exhausted": the rate is then a lower bound.
-- done() prints "RESULT req/s p50 p99 errors answers exhausted", counting only the answers'
-- responses (errors: socket errors, and statuses other than 2xx/3xx).
local threads = {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "2")
  mine, sent, answered, bad = {}, 0, 0, 0
  local origin = os.getenv("ORIGIN")
  local i = 0
  for line in io.lines(os.getenv("ANSWERS")) do
    if i % nthreads == id then
      local path, who, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      local h = {["Origin"] = origin}
      if who:sub(1, 7) == "Bearer " then
        h["Authorization"] = who
        h["Content-Type"] = "application/json"
      else
        h["Cookie"] = "__Host-salle=" .. who
        h["Content-Type"] = "application/x-www-form-urlencoded"
      end
      table.insert(mine, wrk.format("POST", path, h, body))
    end
    i = i + 1
  end
end

function delay()
  -- a thread that has sent all its answers sends nothing more until wrk stops
  if sent >= #mine then
    wrk.thread:set("exhausted", 1)
    return 3600000
  end
  return 0
end

function request()
  sent = sent + 1
  return mine[math.min(sent, #mine)]
end

function response(status, headers, body)
  answered = answered + 1
  if status >= 400 then bad = bad + 1 end
  wrk.thread:set("answered", answered)
  wrk.thread:set("bad", bad)
end

function done(summary, latency, requests)
  local n, b, ex = 0, 0, 0
  for _, t in ipairs(threads) do
    n = n + (t:get("answered") or 0)
    b = b + (t:get("bad") or 0)
    ex = ex + (t:get("exhausted") or 0)
  end
  local errs = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + b
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d %s\n", n / (summary.duration / 1e6),
           latency:percentile(50) / 1000, latency:percentile(99) / 1000, errs, n,
           ex > 0 and "exhausted" or "-"))
end
