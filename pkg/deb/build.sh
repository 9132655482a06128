#!/bin/sh
# Builds libnginx-mod-http-consent_VERSION_ARCH.deb from the module built
# by "make", laid out as Debian's own libnginx-mod-http-* packages are:
# what "make deb" runs.
#
# usage: pkg/deb/build.sh SO NGX_SRC OUTDIR
#
#   SO       build/ngx_http_consent_module.so
#   NGX_SRC  the nginx source tree SO was built against: Debian's nginx-dev
#            (/usr/share/nginx/src), whose debian/libnginx-mod.abisubstvars
#            names the nginx ABI the package depends on
#   OUTDIR   where the .deb goes (the staging tree is OUTDIR/deb/)
#
# The version, the maintainer and the date come from pkg/deb/changelog
# (its first entry), nothing else; the files' times are that date, so
# that packaging the same .so twice gives the same .deb byte for byte (a
# .so built in another checkout differs: it records its source paths).

set -eu

if [ $# -ne 3 ]; then
    echo "usage: $0 SO NGX_SRC OUTDIR" >&2
    exit 2
fi

so=$1
ngx_src=$2
out=$3

mkdir -p "$out"
out=$(cd "$out" && pwd)

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

pkg=libnginx-mod-http-consent
conf=mod-http-consent.conf

fail() {
    echo "$0: $*" >&2
    exit 1
}

[ -f "$so" ] || fail "no module \"$so\" (run make first)"

# the version, the maintainer and the date of the changelog's first entry

version=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$here/changelog")
trailer=$(sed -n '/^ -- /{s/^ -- //;p;q;}' "$here/changelog")
maintainer=${trailer%%>*}\>
date=${trailer#*>  }

[ -n "$version" ] || fail "no version in the first line of $here/changelog"
[ "$maintainer" != ">" ] && [ "$date" != "$trailer" ] \
    || fail "no \" -- NAME <EMAIL>  DATE\" line in $here/changelog"

epoch=$(date -d "$date" +%s) \
    || fail "unreadable date \"$date\" in $here/changelog"

arch=$(dpkg --print-architecture)

# the nginx ABI: what the nginx source the module was built against
# declares; Debian's nginx package "Provides" the same name

abivars=$ngx_src/debian/libnginx-mod.abisubstvars

[ -f "$abivars" ] \
    || fail "no $abivars: the package is for Debian's nginx, build the" \
            "module against nginx-dev (NGX_SRC=/usr/share/nginx/src)"

abi=$(sed -n 's/^nginx:abi=//p' "$abivars")

[ -n "$abi" ] || fail "no \"nginx:abi=\" line in $abivars"

# the staging tree

stage=$out/deb/root

rm -rf "$out/deb"
install -d -m 0755 "$stage/DEBIAN" \
    "$stage/usr/lib/nginx/modules" \
    "$stage/usr/share/nginx/modules-available" \
    "$stage/usr/share/doc/$pkg/examples"

install -m 0644 "$so" "$stage/usr/lib/nginx/modules/"
strip --remove-section=.comment --remove-section=.note --strip-unneeded \
    "$stage/usr/lib/nginx/modules/ngx_http_consent_module.so"

echo "load_module modules/ngx_http_consent_module.so;" \
    > "$stage/usr/share/nginx/modules-available/$conf"
chmod 0644 "$stage/usr/share/nginx/modules-available/$conf"

doc=$stage/usr/share/doc/$pkg

install -m 0644 "$here/copyright" "$doc/copyright"
gzip -9n < "$here/changelog" > "$doc/changelog.gz"
gzip -9n < "$top/README.md" > "$doc/README.md.gz"
install -m 0644 "$top"/conf/*.conf "$doc/examples/"
chmod 0644 "$doc/changelog.gz" "$doc/README.md.gz"

# the libraries the module links, as dpkg-shlibdeps reads them from the
# shlibs and symbols files of the installed libraries (libc6, libmaxminddb0);
# it wants a debian/control, so it runs in a directory of its own

shl=$out/deb/shlibdeps

mkdir -p "$shl/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$pkg" "$pkg" \
    > "$shl/debian/control"

shlibs=$(cd "$shl" && dpkg-shlibdeps -O \
             "$stage/usr/lib/nginx/modules/ngx_http_consent_module.so" \
         | sed -n 's/^shlibs:Depends=//p')

case "$shlibs" in
*libmaxminddb0*) ;;
*) fail "dpkg-shlibdeps found no libmaxminddb0 in the module's" \
        "dependencies: \"$shlibs\"" ;;
esac

# the control files

size=$(du -k -s --exclude=DEBIAN "$stage" | cut -f1)

sed -e "s|@VERSION@|$version|" \
    -e "s|@ARCH@|$arch|" \
    -e "s|@MAINTAINER@|$maintainer|" \
    -e "s|@SIZE@|$size|" \
    -e "s|@DEPENDS@|$abi, $shlibs|" \
    "$here/control.in" > "$stage/DEBIAN/control"

install -m 0755 "$here/postinst" "$here/prerm" "$here/postrm" \
    "$stage/DEBIAN/"

(cd "$stage" && find usr -type f | LC_ALL=C sort | xargs md5sum) \
    > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"

find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -exec touch -h -d "@$epoch" {} +

deb=$out/${pkg}_${version}_$arch.deb

SOURCE_DATE_EPOCH=$epoch \
    dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb.tmp" >/dev/null
mv -f "$deb.tmp" "$deb"

echo "$deb"
