-- wrk script of t/geoip_swap.t: requests from the addresses of the test
-- networks (X-Forwarded-For, which realip trusts from 127.0.0.1) to a
-- location that answers "[$consent_country] $remote_addr", while the test
-- swaps the country database under nginx; checks every answer.
--
-- environment:
--
--   SWAP_MODE    "module": the body is "[CC] ADDR\n"; CC must be what
--                official.mmdb or official-b.mmdb gives for ADDR
--                "baseline": nginx without the module; the body must be
--                "baseline\n"
--   SWAP_ADDRS   "ADDR,A,B;ADDR,A,B;...": each address with its country
--                in official.mmdb (A) and in official-b.mmdb (B), empty
--                where the database has none
--   SWAP_CLOSE   "1": every request asks for "Connection: close", so that
--                no connection outlives a request (nor a reload)
--
-- Acceptable answer for ADDR: status 200 and a country equal to A or B.
-- An empty country is therefore acceptable only where A or B is empty
-- (an address that one database does not know); for an address both
-- databases know, empty is a failure, as is any third value.
--
-- done() prints, for the test to parse:
--
--   swap: requests N responses N non200 N official N b N both N mismatch N
--   swap: errors connect N read N write N timeout N status N
--   swap: answer ADDR [CC] N          (every address/answer pair seen)
--   swap: failed STATUS "BODY"        (the first ten wrong answers and
--                                     statuses other than 200)

local mode = os.getenv("SWAP_MODE") or "module"
local spec = os.getenv("SWAP_ADDRS") or ""
local close = os.getenv("SWAP_CLOSE") == "1"

local addrs = {}
local want = {}

for item in spec:gmatch("[^;]+") do
    local addr, a, b = item:match("^([^,]+),(%u*),(%u*)$")
    if addr then
        addrs[#addrs + 1] = addr
        want[addr] = { a, b }
    end
end

if mode == "module" and #addrs == 0 then
    error("swap.lua: SWAP_ADDRS holds no address")
end

-- per thread: counters, answers seen and the first failures

stats = { responses = 0, non200 = 0, official = 0, b = 0, both = 0,
          mismatch = 0 }
answers = {}
examples = {}

local requests = {}
local n = 0

function init(args)
    -- each thread starts at another address ("id" is set by setup())

    n = (tonumber(id) or 1) * 7 + (close and 3 or 0)

    if #addrs == 0 then
        addrs = { "127.0.0.1" }
    end

    for i, addr in ipairs(addrs) do
        local headers = {
            ["Host"] = "swap",
            ["X-Forwarded-For"] = addr,
        }

        if close then
            headers["Connection"] = "close"
        end

        requests[i] = wrk.format("GET", nil, headers)
    end
end

function request()
    n = n + 1
    return requests[n % #requests + 1]
end

local function example(status, body)
    if #examples < 10 then
        examples[#examples + 1] = string.format('%d "%s"', status,
                                                (body:gsub("\n", "\\n")))
    end
end

local function fail(status, body)
    stats.mismatch = stats.mismatch + 1
    example(status, body)
end

function response(status, headers, body)
    stats.responses = stats.responses + 1

    body = body or ""

    if status ~= 200 then
        stats.non200 = stats.non200 + 1
        example(status, body)
        return
    end

    if mode == "baseline" then
        if body ~= "baseline\n" then
            fail(status, body)
        end
        return
    end

    local cc, addr = body:match("^%[(%u*)%] (%S+)\n$")
    local w = addr and want[addr]

    if not w then
        fail(status, body)
        return
    end

    if cc == w[1] and cc == w[2] then
        stats.both = stats.both + 1
    elseif cc == w[1] then
        stats.official = stats.official + 1
    elseif cc == w[2] then
        stats.b = stats.b + 1
    else
        fail(status, body)
        return
    end

    local key = addr .. " [" .. cc .. "]"
    answers[key] = (answers[key] or 0) + 1
end

-- the done() environment: the threads, to collect their counters

local threads = {}

function setup(thread)
    threads[#threads + 1] = thread
    thread:set("id", #threads)
end

function done(summary, latency, reqs)
    local total = { responses = 0, non200 = 0, official = 0, b = 0,
                    both = 0, mismatch = 0 }
    local seen = {}
    local shown = 0

    for _, t in ipairs(threads) do
        for k, v in pairs(t:get("stats")) do
            total[k] = total[k] + v
        end
        for k, v in pairs(t:get("answers")) do
            seen[k] = (seen[k] or 0) + v
        end
        for _, e in ipairs(t:get("examples")) do
            if shown < 10 then
                io.write("swap: failed ", e, "\n")
                shown = shown + 1
            end
        end
    end

    local e = summary.errors

    io.write(string.format("swap: requests %d responses %d non200 %d "
                           .. "official %d b %d both %d mismatch %d\n",
                           summary.requests, total.responses, total.non200,
                           total.official, total.b, total.both,
                           total.mismatch))
    io.write(string.format("swap: errors connect %d read %d write %d "
                           .. "timeout %d status %d\n",
                           e.connect, e.read, e.write, e.timeout, e.status))

    local keys = {}
    for k in pairs(seen) do
        keys[#keys + 1] = k
    end
    table.sort(keys)

    for _, k in ipairs(keys) do
        io.write(string.format("swap: answer %s %d\n", k, seen[k]))
    end
end
