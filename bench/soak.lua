-- wrk script of bench/soak.pl: a seeded mix of valid and hostile requests
-- over every location of the soak configuration, from many client
-- addresses (X-Forwarded-For, read from SOAK_XFF), with valid, malformed
-- and huge consent cookies of every format, privacy signals, and form
-- posts to the consent endpoint from the same origin and from others.
--
-- Every request names its kind in X-Soak-Kind, which the site echoes;
-- response() counts the statuses by kind and checks that the answer agrees
-- with the decision the module reports in X-Soak-Granted and X-Soak-State
-- (a beacon answered only when analytics is granted, no element of a
-- denied category in a page, a masked address that is not the raw one).
-- done() prints one line, "SOAK-JSON {...}", that soak.pl judges.

local seed = tonumber(os.getenv("SOAK_SEED") or "") or 20251123
local host = os.getenv("SOAK_HOST") or "soak.test"
local xff_file = os.getenv("SOAK_XFF")
local test_db = os.getenv("SOAK_TEST_DB") == "1"

local threads = {}
local nthreads = 0

-- in the main state: one id per thread, for the seed, and the threads
-- themselves, for done()

function setup(thread)
    nthreads = nthreads + 1
    thread:set("tid", nthreads)
    table.insert(threads, thread)
end


-- --- per thread ---------------------------------------------------------

-- What done() reads from the threads.  wrk 4.1's thread:get() copies a
-- table wrongly (it pops the thread's stack once too often: a crash), so
-- every figure is a global of its own, a number or a string, and
-- soak_names lists their names:
--
--   "n|KIND|STATUS"   responses of a kind with a status
--   "v|CHECK"         answers that failed a check
--   "e|CHECK"         the first of them, described

soak_names = ""

local xff = {}
local cookie_sets = {}
local trackers = {}
local uas = {}
local kinds = {}
local n = 0

local random = math.random

local function pick(t)
    return t[random(#t)]
end


-- encodeURIComponent

local function enc(s)
    return (s:gsub("[^%w%-_%.!~%*'%(%)]", function(c)
        return string.format("%%%02X", c:byte())
    end))
end


local function native(t, rev, cats, id)
    return "consent=1." .. t .. "." .. rev .. "." .. cats .. "." .. id
end


local function add(set, weight)
    for _ = 1, weight or 1 do
        table.insert(cookie_sets, set)
    end
end


-- the Cookie headers the clients send: each entry is a list of header
-- values (several Cookie lines), {} is none

local function make_cookies()
    local now = os.time()
    local t = now - 3 * 86400
    local id = "k3J9xQ2mPqAbCdEf"

    add({}, 12)

    -- the native cookie: granting, denying, expired, invalid

    add({ native(t, 2, "analytics+marketing+preferences", id) }, 4)
    add({ native(t, 2, "analytics", "Dw1P5jJUtn9fYg4x") }, 3)
    add({ native(t, 2, "-", "rejected_0001") }, 3)
    add({ native(t, 2, "marketing+preferences", "mp-0000-1111") }, 2)
    add({ native(t, 2, "preferences+future_cat", "unknownCat01") })
    add({ "lang=en; " .. native(t, 2, "analytics", id) .. "; theme=dark" }, 2)
    add({ "lang=en", native(t, 2, "analytics+marketing", id) }, 2)
    add({ native(t, 1, "analytics", "oldRevision01") })
    add({ native(1000000000, 2, "analytics", "ancientTime01") })
    add({ native(now + 5 * 86400, 2, "analytics", "futureTime01") })
    add({ 'consent="1.' .. t .. '.2.analytics.quotedId01"' })
    add({ native(t, 2, "analytics", id) .. "; " .. native(t, 2, "-", id) })
    add({ native(t, 2, "analytics", id), native(t, 2, "analytics", id) })

    local nine = {}
    for i = 1, 9 do
        nine[i] = native(t, 2, "analytics", id)
    end
    add({ table.concat(nine, "; ") })

    -- malformed native cookies, % escapes, control bytes

    local bad = {
        "", "1", "1.", "1..2.analytics.abcdefgh",
        "2." .. t .. ".2.analytics.abcdefgh",
        "1.abc.2.analytics.abcdefgh",
        "1." .. t .. ".2.ANALYTICS.abcdefgh",
        "1." .. t .. ".2.analytics.short",
        "1." .. t .. ".2.analytics.abcdefgh.extra",
        "1." .. t .. ".2.analytics+.abcdefgh",
        "1." .. t .. ".2.+analytics.abcdefgh",
        "1." .. t .. ".-2.analytics.abcdefgh",
        "1." .. t .. ".99999999999.analytics.abcdefgh",
        "1." .. string.rep("9", 30) .. ".2.analytics.abcdefgh",
        "1." .. t .. ".2." .. string.rep("a", 40) .. ".abcdefgh",
        "1." .. t .. ".2.analytics." .. string.rep("x", 65),
        "1." .. t .. ".2.analytics.abc def1",
        '"1.' .. t .. '.2.analytics.abcdefgh',
        "1%2E" .. t .. "%2E2%2Eanalytics%2Eabcdefgh",
        "1." .. t .. ".2.analytics.abcdefgh%00",
        "1." .. t .. ".2.analytics.%zz%4",
        "1." .. t .. ".2.anal\1ytics.abcdefgh",
        "1." .. t .. ".2.analytics.abcdefgh\127\255",
        "\127\255\1\31\27[31m",
        "1." .. t .. ".2." .. string.rep("analytics+", 200) .. "x.abcdefgh",
        string.rep("1." .. t .. ".2.analytics.abcdefgh", 50, "."),
        "%%%%%%%%", "%", "%C0%80%E2%82",
    }

    for _, v in ipairs(bad) do
        add({ "consent=" .. v })
    end

    add({ "=value; ;;; name=; consent; =; consent=" })
    add({ "note=x," .. native(t, 2, "analytics", id) })
    add({ "Consent=" .. native(t, 2, "analytics", id):sub(9) })

    -- huge: 32 KB, an 8 KB name, 20 cookies of 1.5 KB, 6,000 tiny ones

    add({ "big=" .. string.rep("x", 32000) .. "; "
          .. native(t, 2, "analytics", id) })
    add({ string.rep("a", 8192) .. "=1; " .. native(t, 2, "-", id) })

    local twenty = {}
    for i = 1, 20 do
        twenty[i] = "c" .. i .. "=" .. string.rep(string.char(96 + i), 1500)
    end
    add({ table.concat(twenty, "; ") })
    add({ string.rep("k=v; ", 6000) .. native(t, 2, "analytics", id) })

    -- 1,000-part Cookie headers

    local parts = {}
    for i = 1, 1000 do
        parts[i] = "c" .. i .. "=v" .. i
    end
    parts[500] = native(t, 2, "analytics", id)
    add({ table.concat(parts, "; ") }, 2)
    add({ string.rep(";", 1000) .. native(t, 2, "analytics", id) })
    add({ string.rep("=;", 1000) })
    add({ string.rep("consent=; ", 1000) })

    -- TCF: a valid TC string, cut short, junk

    local tc = "CQSU_AAQSU_AAAKACBENEsFgAPPAAEPAAAYgFxkCjhCAKEEAQSBMm0JgoFACB"
        .. "BGMCBBeIpUkawGAIAAAAAYwAHACAKDEZIAECAgAMCrxECJHBgBjAEwBUcpCAACAkCQ"
        .. "KIYLCwIAASIJVNEAAAaBcMEBAFIYAAZIk4FxgCBAAQAAAAQQAJkAAAAAAAAAAAAA"
        .. "QAAAABAY8EBACAAAAAAABAAACEIBAAACQAEgAAAAABABgAgAAAAACAACCQAAAAAA"
        .. "AIAAAIAgAoKBEAAACAQAAAEgIAAAAEAIAAAA.YAAAAAAAAAAA"

    add({ "euconsent-v2=" .. tc }, 2)
    for _, l in ipairs({ 10, 50, 100, 200, 300 }) do
        add({ "euconsent-v2=" .. tc:sub(1, l) })
    end
    for _, v in ipairs({ "!!!!", string.rep("A", 5000), tc .. "." .. tc,
                         tc:sub(1, 80) .. "....", "%43%51%53", "C\1Q",
                         "", string.rep("/", 300), (tc:gsub("A", "+")) }) do
        add({ "euconsent-v2=" .. v })
    end

    -- cookieconsent v3 and v2, JSON-ish junk

    local cc = '{"categories":["necessary","analytics"],"revision":2,'
        .. '"data":null,"consentTimestamp":"2026-11-20T10:00:00.000Z",'
        .. '"consentId":"6f1c2b3a-1111-2222-3333-444455556666",'
        .. '"services":{"necessary":[],"analytics":[]},"languageCode":"en",'
        .. '"lastConsentTimestamp":"2026-11-20T10:00:00.000Z",'
        .. '"expirationTime":1795000000000}'

    add({ "cc_cookie=" .. enc(cc) }, 2)
    add({ "cc_cookie=" .. cc })
    add({ "cc_cookie=" .. enc('{"level":["necessary","analytics"]}') })
    for _, v in ipairs({
        '{"categories":"analytics","consentId":"x"}',
        '{"categories":["analytics"',
        "%7B%22categories%22%3A%5B",
        string.rep("[", 3000),
        string.rep('{"a":', 1000),
        '{"categories":["\\ud800"],"consentId":"x"}',
        '{"categories":[1,2,3],"consentId":{}}',
        '%zz%7B',
        '{"consentId":"' .. string.rep("x", 3000) .. '"}',
        '\1\2{"',
        '{"categories":["analytics"],"categories":[],"consentId":"d"}',
        cc:sub(1, 100),
    }) do
        add({ "cc_cookie=" .. v })
    end

    -- Klaro

    add({ "klaro=" .. enc('{"matomo":true,"facebook":false}') }, 2)
    add({ 'klaro={"matomo":true,"adsense":true,"facebook":true}' })
    for _, v in ipairs({
        '{"matomo":tru', '{"matomo":"true"}', '{"matomo":true,"matomo":false}',
        string.rep("[", 5000), '{"matomo":1e999}', "%7B%22matomo%22",
        '{"\\u0000":true}', '{"matomo":true}' .. string.rep("}", 100),
        '{"matomo":true,' .. string.rep('"x":false,', 500) .. '"y":0}',
    }) do
        add({ "klaro=" .. v })
    end

    -- Cookiebot

    add({ "CookieConsent=" .. enc("{stamp:'abc123XYZ=='") .. "%2Cnecessary:true"
          .. "%2Cpreferences:true%2Cstatistics:true%2Cmarketing:false"
          .. "%2Cmethod:%27explicit%27%2Cver:1%2Cutc:" .. (t * 1000)
          .. "%2Cregion:%27de%27}" }, 2)
    for _, v in ipairs({ "0", "-1", "{stamp:'", "{statistics:true",
                         "{stamp:%27%27%2Cstatistics:yes}",
                         string.rep("{", 2000), "%7Bstamp%3A%27a%5C%27" }) do
        add({ "CookieConsent=" .. v })
    end

    -- OneTrust

    local ot = "isGpcEnabled=0&datestamp=Fri+Nov+20+2026+10%3A00%3A00+GMT"
        .. "%2B0100&version=202310.1.0&browserGpcFlag=0&isIABGlobal=false"
        .. "&hosts=&consentId=0b3c5d7e-aaaa-bbbb-cccc-ddddeeeeffff"
        .. "&interactionCount=1&isAnonUser=1&landingPath=NotLandingPage"
        .. "&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A0%2CC0004%3A1%2CC0005"
        .. "%3A0&AwaitingReconsent=false"

    add({ "OptanonConsent=" .. ot }, 2)
    add({ "OptanonConsent=" .. ot:gsub("interactionCount=1",
                                       "interactionCount=0") })
    for _, v in ipairs({ "groups=C0002%3A2", "groups=%%%",
                         string.rep("groups=C0002%3A1%2C", 300), "&&&&=",
                         "interactionCount=1&groups=C0002:1,C0002:0" }) do
        add({ "OptanonConsent=" .. v })
    end

    -- US Privacy, on top of another cookie

    for _, v in ipairs({ "1YYN", "1NNN", "1---", "zz", "1YY" }) do
        add({ native(t, 2, "analytics+marketing", id) .. "; usprivacy=" .. v })
    end

    -- the trackers' cookies the application must not get while their
    -- category is denied

    trackers = {
        "_ga=GA1.1.123456789.1700000000; _gid=GA1.2.987654321.1700000000",
        "_ga_ABC123DEF4=GS1.1.1700000000.4.1.1700000300.0.0.0; _fbp=fb.1.2.3",
        "session=s3cr3t; _fbc=fb.1.1700000000.AbCd; _hjSessionUser_123=eyJ",
        "_gcl_au=1.1.1.1; _ga=GA1.1.1.1; lang=en; _ga=GA1.1.2.2",
        string.rep("a", 8192) .. "=1; _ga=GA1.1.3.3",
    }

    local many = {}
    for i = 1, 999 do
        many[i] = "c" .. i .. "=v"
    end
    many[1000] = "_ga=GA1.1.4.4"
    table.insert(trackers, table.concat(many, "; "))

    for i = 1000, 1099 do
        many[i] = "d" .. i .. "=v"
    end
    many[1100] = "_gid=GA1.2.5.5"
    table.insert(trackers, table.concat(many, "; "))
end


-- the X-Forwarded-For values, and those that are exactly one address,
-- which realip always takes

local xff_one = {}

local function make_xff()
    if xff_file then
        for line in io.lines(xff_file) do
            table.insert(xff, line)
        end
    end

    if #xff == 0 then
        xff = { "81.2.69.160", "2001:db8:1::1" }
    end

    for _, x in ipairs(xff) do
        if x:match("^%d+%.%d+%.%d+%.%d+$") or x:match("^[%x:]+$")
           or x:match("^::ffff:%d+%.%d+%.%d+%.%d+$")
        then
            table.insert(xff_one, x)
        end
    end
end


local function has(list, word)
    if not list then
        return false
    end

    for w in list:gmatch("[^,]+") do
        if w == word then
            return true
        end
    end

    return false
end


-- --- requests -------------------------------------------------------------

-- no_xff: true for none, or the list to pick X-Forwarded-For from

local function request_of(method, path, kind, extra, body, no_xff, cookies)
    local h = { method, " ", path, " HTTP/1.1\r\nHost: ", host,
                "\r\nUser-Agent: ", pick(uas), "\r\nX-Soak-Kind: ", kind,
                "\r\n" }

    if no_xff ~= true then
        h[#h + 1] = "X-Forwarded-For: " .. pick(no_xff or xff) .. "\r\n"
    end

    local r = random()

    if r < 0.1 then
        h[#h + 1] = "DNT: 1\r\n"
    elseif r < 0.2 then
        h[#h + 1] = "Sec-GPC: 1\r\n"
    elseif r < 0.23 then
        h[#h + 1] = "X-Do-Not-Track: 1\r\nSec-GPC: 1\r\n"
    elseif r < 0.26 then
        h[#h + 1] = "DNT: 0\r\nSec-GPC: 2\r\n"
    end

    for _, c in ipairs(cookies or pick(cookie_sets)) do
        h[#h + 1] = "Cookie: " .. c .. "\r\n"
    end

    if extra then
        h[#h + 1] = extra
    end

    if body then
        h[#h + 1] = "Content-Length: " .. #body .. "\r\n\r\n" .. body
    else
        h[#h + 1] = "\r\n"
    end

    return table.concat(h)
end


local same_origin = {
    "Sec-Fetch-Site: same-origin\r\n",
    "Sec-Fetch-Site: none\r\n",
    "Origin: http://" .. host .. "\r\n",
    "",
}

local cross_site = {
    "Sec-Fetch-Site: cross-site\r\n",
    "Sec-Fetch-Site: same-site\r\n",
    "Sec-Fetch-Site: cross-site\r\nOrigin: http://" .. host .. "\r\n",
    "Origin: http://evil.example\r\n",
    "Origin: null\r\n",
}

local form = "Content-Type: application/x-www-form-urlencoded\r\n"

local good_forms = {
    "accept=all", "reject=all", "save=1&analytics=1",
    "save=1&analytics=on&preferences=1", "save=1",
    "reject=all&analytics=1", "accept=all&save=1&marketing=on",
}

local bad_forms = {
    "accept=yes", "save=1&analytics=1&analytics=1", "foo=1", "accept=%zz",
    "", "save=1&analytics=2", "%", "accept=all&accept=all",
    "\1\2\3", "save=1&x", "save=1&analytics=1%", "&&&&",
}


-- the kinds of request, with their weights

local function k(weight, name, make)
    for _ = 1, weight do
        table.insert(kinds, { name, make })
    end
end

k(20, "vars", function()
    return request_of("GET", "/vars", "vars")
end)

k(10, "beacon", function()
    if random() < 0.5 then
        return request_of("GET", "/collect?v=2&t=pageview&n=" .. n, "beacon")
    end

    return request_of("POST", "/collect", "beacon",
                      "Content-Type: text/plain\r\n",
                      '{"event":"pageview","n":' .. n .. '}')
end)

k(6, "pixel", function()
    return request_of("GET", "/px/p.gif?id=" .. n, "pixel")
end)

k(14, "app", function()
    local set = pick(cookie_sets)
    local cookies = {}

    for i, c in ipairs(set) do
        cookies[i] = c
    end

    if random() < 0.8 then
        table.insert(cookies, random(#cookies + 1), pick(trackers))
    end

    return request_of("GET", "/app/item?n=" .. n, "app", nil, nil, false,
                      cookies)
end)

k(10, "page", function()
    return request_of("GET", "/page/index.html", "page")
end)

k(6, "static", function()
    return request_of("GET", "/static/index.html", "static")
end)

k(5, "consent_get", function()
    return request_of("GET", "/consent", "consent_get")
end)

k(6, "consent_post", function()
    local extra = form .. pick(same_origin)

    if random() < 0.3 then
        extra = extra .. "Accept: application/json\r\n"
    end

    if random() < 0.5 then
        extra = extra .. "Referer: http://" .. host
                .. "/page/index.html?x=1\r\n"
    end

    return request_of("POST", "/consent", "consent_post", extra,
                      pick(good_forms))
end)

k(4, "consent_bad", function()
    return request_of("POST", "/consent", "consent_bad",
                      form .. pick(same_origin), pick(bad_forms))
end)

k(1, "consent_big", function()
    return request_of("POST", "/consent", "consent_big",
                      form .. pick(same_origin),
                      "accept=all&x=" .. string.rep("y", 5000))
end)

k(1, "consent_type", function()
    local t = pick({ "text/plain", "application/json",
                     "multipart/form-data; boundary=x" })

    return request_of("POST", "/consent", "consent_type",
                      "Content-Type: " .. t .. "\r\n" .. pick(same_origin),
                      "accept=all")
end)

k(1, "consent_method", function()
    local m = pick({ "PUT", "DELETE", "PATCH" })

    return request_of(m, "/consent", "consent_method", form, "accept=all")
end)

k(3, "consent_xsite", function()
    return request_of("POST", "/consent", "consent_xsite",
                      form .. pick(cross_site), pick(good_forms))
end)

k(1, "metrics", function()
    return request_of("GET", "/metrics", "metrics", nil, nil, true)
end)

k(1, "metrics_denied", function()
    return request_of("GET", "/metrics", "metrics_denied", nil, nil, xff_one)
end)

k(3, "plain", function()
    return request_of("GET", "/plain.html", "plain")
end)


function init(args)
    math.randomseed(seed + 7919 * (tid or 0))

    -- a long one now and then only: every byte of it goes into the log

    uas = {}

    for i = 1, 40 do
        uas[i] = ({
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 "
            .. "Firefox/128.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
            .. "Safari/604.1",
            "curl/7.88.1",
            "soak \1\27[31m\127 control bytes \255",
        })[i % 4 + 1]
    end

    uas[40] = string.rep("LongAgent/1.0 ", 150)

    make_xff()
    make_cookies()
end


function request()
    n = n + 1

    -- the first request is checked by wrk's own parser: a plain one

    if n == 1 then
        return request_of("GET", "/plain.html", "plain", nil, nil, true, {})
    end

    return pick(kinds)[2]()
end


-- --- responses ------------------------------------------------------------

local function bump(name)
    local v = _G[name]

    if not v then
        soak_names = soak_names .. name .. "\n"
        v = 0
    end

    _G[name] = v + 1
end


local function violation(name, detail)
    bump("v|" .. name)

    if not _G["e|" .. name] then
        _G["e|" .. name] = detail:sub(1, 300)
    end
end


-- the countries of the test database's networks (geoip/mkdb.pl), from the
-- address nginx saw; nil: no country

local v4_country = {
    { "^81%.2%.69%.", "GB" }, { "^46%.4%.", "DE" }, { "^90%.0%.", "FR" },
    { "^8%.8%.8%.", "US" }, { "^133%.1%.", "JP" }, { "^62%.1%.", "GR" },
    { "^194%.144%.", "IS" }, { "^102%.35%.", "RE" }, { "^80%.231%.0%.", "CH" },
    { "^185%.0%.0%.", "IT" },
}

local v6_country = {
    { "^2001:db8:1:", "DE" }, { "^2001:db8:2:", "US" },
    { "^2001:db8:3:", "SE" }, { "^2a02:cf4[0-7]:", "NO" },
}

local opt_in = { DE = 1, FR = 1, GR = 1, IS = 1, RE = 1, NO = 1, SE = 1,
                 IT = 1, GB = 1, CH = 1 }

local function country_of(addr)
    local v4 = addr:match("^::ffff:(%d+%.%d+%.%d+%.%d+)$") or addr

    if v4:match("^%d+%.%d+%.%d+%.%d+$") then
        for _, c in ipairs(v4_country) do
            if v4:match(c[1]) then
                return c[2]
            end
        end

        local a, b, c = v4:match("^(%d+)%.(%d+)%.(%d+)%.")

        if a == "200" and b == "160" and tonumber(c) < 16 then
            return "BR"
        end

        return ""
    end

    for _, c in ipairs(v6_country) do
        if addr:match(c[1]) then
            return c[2]
        end
    end

    return ""
end


local function check_vars(body)
    local masked = body:match(" masked_addr=(%S*) ")
    local remote = body:match(" remote=(%S+)\n$")

    if not masked or not remote then
        violation("vars: unreadable body", body)
        return
    end

    if masked == remote
       or not (masked:match("^%d+%.%d+%.%d+%.0$") or masked:match("::"))
    then
        violation("vars: masked address", masked .. " for " .. remote)
    end

    if test_db then
        local want = country_of(remote)
        local got = body:match(" country=(%S*) ")
        local regime = body:match(" regime=(%S*) ")
        local want_regime = opt_in[want] and "opt-in" or "opt-out"

        if got ~= want or regime ~= want_regime then
            violation("vars: country", "remote " .. remote .. ": country "
                      .. tostring(got) .. " regime " .. tostring(regime)
                      .. ", expected " .. want .. " " .. want_regime)
        end
    end
end


local function check_page(kind, headers, body)
    local granted = headers["X-Soak-Granted"]
    local state = headers["X-Soak-State"]

    if not granted or not state then
        violation(kind .. ": no X-Soak-Granted", kind)
        return
    end

    for _, c in ipairs({ "analytics", "marketing", "preferences" }) do
        local present = body:find("soak_tag_" .. c, 1, true) ~= nil

        if present ~= has(granted, c) then
            violation(kind .. ": " .. c .. " elements "
                      .. (present and "kept" or "removed"),
                      "granted " .. granted .. ", state " .. state)
        end
    end

    if kind == "page" then
        local banner = body:find("soak-banner", 1, true) ~= nil
        local want = state == "unset" or state == "invalid"

        if banner ~= want then
            violation("page: banner " .. (banner and "shown" or "missing"),
                      "state " .. state)
        end
    end

    if not body:find("soak-end-of-page", 1, true) then
        violation(kind .. ": page cut short", body:sub(-200))
    end
end


function response(status, headers, body)
    local kind = headers["X-Soak-Kind"] or "none"
    local s = tostring(status)

    bump("n|" .. kind:gsub("[|\n]", "_") .. "|" .. s)

    if kind == "vars" and status == 200 then
        check_vars(body)

    elseif kind == "beacon" or kind == "pixel" then
        local cat = kind == "beacon" and "analytics" or "marketing"
        local granted = headers["X-Soak-Granted"]

        if (status == 200) ~= has(granted, cat) then
            violation(kind .. ": " .. s .. " with " .. cat
                      .. (has(granted, cat) and " granted" or " denied"),
                      tostring(granted))
        end

    elseif (kind == "page" or kind == "static") and status == 200 then
        check_page(kind, headers, body)

    elseif kind == "consent_get" and status == 200 then
        if not body:find('"state":"', 1, true) then
            violation("consent_get: no state", body)
        end
    end
end


-- --- the result -------------------------------------------------------------

local function json(v)
    if type(v) == "table" then
        local out = {}

        for key, val in pairs(v) do
            out[#out + 1] = json(tostring(key)) .. ":" .. json(val)
        end

        table.sort(out)
        return "{" .. table.concat(out, ",") .. "}"
    end

    if type(v) == "number" then
        return string.format("%.0f", v)
    end

    return '"' .. tostring(v):gsub('[%c"\\\128-\255]', function(ch)
        return string.format("\\u%04x", ch:byte())
    end) .. '"'
end


function done(summary, latency, requests)
    local all = { counts = {}, violations = {}, examples = {} }

    for _, t in ipairs(threads) do
        for name in (t:get("soak_names") or ""):gmatch("[^\n]+") do
            local v = t:get(name)
            local kind, s = name:match("^n|(.*)|(%d+)$")

            if kind then
                all.counts[kind] = all.counts[kind] or {}
                all.counts[kind][s] = (all.counts[kind][s] or 0) + v
            else
                local check = name:sub(3)

                all.violations[check] = (all.violations[check] or 0) + v
                all.examples[check] = all.examples[check]
                                      or t:get("e|" .. check)
            end
        end
    end

    all.requests = summary.requests
    all.duration = summary.duration
    all.bytes = summary.bytes
    all.errors = summary.errors

    io.write("SOAK-JSON ", json(all), "\n")
end
