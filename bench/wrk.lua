-- wrk script of bench/bench.pl: every request from another of 10,000
-- seeded client addresses (10% IPv6), with the cookies of BENCH_COOKIE

math.randomseed(20251123)

local addrs = {}

for i = 1, 10000 do
    if math.random() < 0.1 then
        addrs[i] = string.format("2a%02x:%x:%x:%x::%x", math.random(0, 15),
                                 math.random(0, 65535), math.random(0, 65535),
                                 math.random(0, 65535), math.random(0, 65535))
    else
        addrs[i] = string.format("%d.%d.%d.%d", math.random(1, 222),
                                 math.random(0, 255), math.random(0, 255),
                                 math.random(0, 255))
    end
end

local cookie = os.getenv("BENCH_COOKIE") or ""
local n = 0

request = function()
    n = n + 1

    local headers = {
        ["Host"] = "bench",
        ["User-Agent"] = "bench/1.0",
        ["X-Forwarded-For"] = addrs[n % 10000 + 1],
    }

    if cookie ~= "" then
        headers["Cookie"] = cookie
    end

    return wrk.format("GET", nil, headers)
end
