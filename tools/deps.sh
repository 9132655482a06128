#!/bin/sh
# Installs the Debian packages a make target needs, and only those missing.
# usage: tools/deps.sh build|test|fuzz|asan|node|browser|demo|bench|deb|lint
#                      ...

set -e

pkgs=
for want in "$@"; do
    case "$want" in
    build) pkgs="$pkgs nginx-core nginx-dev libmaxminddb-dev libpcre2-dev
                      zlib1g-dev libssl-dev make gcc" ;;
    test)  pkgs="$pkgs nginx-core libmaxminddb0 libmaxmind-db-writer-perl
                      mmdb-bin libnginx-mod-http-geoip2 clang
                      libclang-rt-14-dev curl perl" ;;
    fuzz)  pkgs="$pkgs clang libclang-rt-14-dev" ;;
    asan)  pkgs="$pkgs gcc libasan8 libubsan1" ;;
    browser) pkgs="$pkgs chromium" ;;
    demo)  pkgs="$pkgs nginx-core mmdb-bin" ;;
    bench) pkgs="$pkgs nginx-core valgrind wrk libnginx-mod-http-geoip2
                      mmdb-bin perl" ;;
    deb)   pkgs="$pkgs dpkg-dev binutils gzip" ;;
    lint)  pkgs="$pkgs lintian" ;;
    node)  command -v node >/dev/null && command -v npm >/dev/null \
               || pkgs="$pkgs nodejs npm" ;;
    *)     echo "$0: unknown set \"$want\"" >&2; exit 2 ;;
    esac
done

missing=
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null \
         | grep -q "install ok installed"
    then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "$0: missing Debian packages:$missing (run as root or install them)" >&2
    exit 1
fi

echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing
