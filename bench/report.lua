-- wrk script: optional POST body, headers and paths from the environment, and a one-line JSON summary at the end
-- with throughput, p50/p95/p99 latency (ms) and the count of non-2xx answers.
wrk.method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
if body and #body > 0 then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
local key = os.getenv("WRK_KEY")
if key and #key > 0 then
  wrk.headers["Authorization"] = "Bearer " .. key
end

-- WRK_PATHS: a file of request paths, one per line; each request takes one of them at random (appends spread over
-- many incidents). A line may carry the API key to send with it after a space (incidents of several hospitals).
local paths_file = os.getenv("WRK_PATHS")
local paths = {}
if paths_file and #paths_file > 0 then
  for line in io.lines(paths_file) do
    local path, path_key = line:match("^(%S+)%s+(%S+)$")
    if path then
      -- wrk.format takes these headers instead of wrk.headers: a copy of them with this line's key.
      local headers = {}
      for name, value in pairs(wrk.headers) do headers[name] = value end
      headers["Authorization"] = "Bearer " .. path_key
      paths[#paths + 1] = { path, headers }
    elseif #line > 0 then
      paths[#paths + 1] = { line, nil }
    end
  end
  function request()
    local chosen = paths[math.random(#paths)]
    return wrk.format(nil, chosen[1], chosen[2])
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('{"rps":%.1f,"p50":%.2f,"p95":%.2f,"p99":%.2f,"requests":%d,"errors":%d}\n',
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, bad))
end
