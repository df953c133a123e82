-- Load for Latchkey's benchmark; io.latchkey.bench.Wrk runs it as
--   wrk -s latchkey.lua URL -- <credentials file | -> <x-api-key | bearer | basic | none> <spread | same> ["Name: value"...]
-- Every request takes the next credential of the file (one a line; for basic, base64 of email:password),
-- each thread from its own offset, so that the load spreads over distinct keys. "spread" sends every
-- request from its own client address (X-Forwarded-For, which Latchkey believes from a trusted proxy).
-- Further arguments are headers sent with every request.
-- done() prints one line, "BENCH {json}", with the figures and the count of each response status.

local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

function init(args)
   credentials = {}
   if args[1] ~= "-" then
      for line in io.lines(args[1]) do
         credentials[#credentials + 1] = line
      end
   end
   scheme = args[2]
   spread = args[3] == "spread"
   fixed = {}
   for i = 4, #args do
      local name, value = args[i]:match("^([^:]+):%s*(.*)$")
      fixed[name] = value
   end
   statuses = {}
   sent = index * 7919 -- threads start apart
end

local prefixes = { ["x-api-key"] = "", bearer = "Bearer ", basic = "Basic " }

function request()
   sent = sent + 1
   local headers = {}
   for name, value in pairs(fixed) do
      headers[name] = value
   end
   if scheme ~= "none" then
      local credential = credentials[sent % #credentials + 1]
      if scheme == "x-api-key" then
         headers["X-API-Key"] = credential
      else
         headers["Authorization"] = prefixes[scheme] .. credential
      end
   end
   if spread then
      local n = sent % 65536
      headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", index % 256, math.floor(n / 256), n % 256)
   end
   return wrk.format(nil, nil, headers)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         total[status] = (total[status] or 0) + count
      end
   end
   local parts = {}
   for status, count in pairs(total) do
      parts[#parts + 1] = string.format('"%s":%d', tostring(status), count)
   end
   local errors = summary.errors
   io.write(string.format('BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,'
         .. '"socket_errors":%d,"statuses":{%s}}\n',
         summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
         latency:percentile(99), errors.connect + errors.read + errors.write + errors.timeout,
         table.concat(parts, ",")))
end
