#!/bin/bash
# Instructions per byte of the HTML filter against sub_filter and a plain
# static file, counted with callgrind (deterministic, unlike timings):
# the same nginx answers N1 and then N2 requests for a 100 KB page, and the
# difference divided by (N2 - N1) cancels start-up.
#
#   bench/html-cost.sh        (after make; needs valgrind, curl, python3)

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
so=${TEST_NGINX_MODULE:-$root/build/ngx_http_consent_module.so}
port=${PORT:-18090}
n1=10
n2=40

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 0755 "$tmp"
mkdir -p "$tmp"/{conf,logs,html}

# a page with a paragraph every 80 bytes and a marked script every 20
python3 - "$tmp/html/page.html" <<'EOF_PY'
import sys
p, i = '<html><body>\n', 0
while len(p) < 100000:
    i += 1
    p += ('<p>Some paragraph text number %d with a few words in it, '
          'like a page has.</p>\n' % i)
    if i % 20 == 0:
        p += '<script data-category="analytics">track(%d)</script>\n' % i
open(sys.argv[1], 'w').write(p + '</body></html>\n')
EOF_PY
chmod -R a+rX "$tmp"

cat > "$tmp/conf/nginx.conf" <<EOF_CONF
load_module $so;
daemon off; master_process off; worker_processes 1;
error_log logs/error.log crit;
pid logs/nginx.pid;
events {}
http {
    access_log off;
    server {
        listen 127.0.0.1:$port;
        location /plain/ { alias html/; }
        location /consent/ { alias html/; consent_html on; }
        location /sub/ {
            alias html/;
            sub_filter 'data-category="analytics"' 'data-x';
            sub_filter_once off;
        }
    }
}
EOF_CONF

# total instructions of nginx answering N requests for LOCATION
count() {
    local out="$tmp/callgrind.$1.$2" vp i
    valgrind --tool=callgrind --callgrind-out-file="$out" \
        nginx -p "$tmp" -c conf/nginx.conf >/dev/null 2>&1 &
    vp=$!
    for i in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$port/plain/page.html" && break
        sleep 0.2
    done
    for i in $(seq "$2"); do
        curl -s -o /dev/null "http://127.0.0.1:$port/$1/page.html"
    done
    kill -QUIT $vp
    wait $vp || true
    awk '/^summary:/ { print $2 }' "$out"
}

bytes=$(stat -c %s "$tmp/html/page.html")
declare -A per

for loc in plain consent sub; do
    a=$(count $loc $n1)
    b=$(count $loc $n2)
    per[$loc]=$(( (b - a) / (n2 - n1) ))
done

printf '%-10s %14s %22s\n' location instr/request "instr/byte over plain"
for loc in plain consent sub; do
    awk -v l=$loc -v n=${per[$loc]} -v p=${per[plain]} -v b=$bytes \
        'BEGIN { printf "%-10s %14d %22.2f\n", l, n, (n - p) / b }'
done
echo "page: $bytes bytes"
