# ngx_consent_module
#
#   make            build/ngx_http_consent_module.so against Debian's nginx-dev
#   make test       everything CI runs
#   make unit       unit tests of the pure C cores (ASan + UBSan)
#   make fuzz       every fuzz target for FUZZ_SECONDS each
#   make fuzz-diff-html  the HTML scanner against that of FUZZ_DIFF_BASE
#   make demo       the demo site on 127.0.0.1:8080, in the foreground
#   make bench      the benchmark (callgrind and wrk); prints its table
#   make html-diff  consent_html against Debian's chromium on random pages
#                   (HTML_DIFF_PAGES, HTML_DIFF_SEED); leaks in
#                   build/html-diff/
#   make asan       the integration suite against an ASan + UBSan build
#   make valgrind   integration tests with nginx under memcheck
#   make install    the .so and modules-available/mod-http-consent.conf
#   make deb        build/libnginx-mod-http-consent_VERSION_ARCH.deb, as
#                   Debian's libnginx-mod-http-* packages are (pkg/deb/)
#   make deb-lint   lintian on that package
#   make nginx-upstream  nginx and the module from an upstream tree
#                   (NGX_SRC=...): build/upstream/nginx and
#                   build/upstream/ngx_http_consent_module.so
#   make check-nopcre  the module --without-pcre from NGX_SRC, and nginx
#                   too from a whole tree; then t/nopcre.t
#   make clean
#
# NGX_SRC may be Debian's nginx-dev tree (conf_flags, configure), an upstream
# release tarball (configure) or a git tree of nginx/nginx (auto/configure);
# without conf_flags the tree is configured with NGX_DEFAULT_FLAGS

SHELL          := /bin/bash

NGX_SRC        ?= /usr/share/nginx/src
# only a make variable: nginx reads NGINX from its environment as the list of
# inherited sockets, so it is never exported; the tests and bench/*.pl take
# the binary from TEST_NGINX_BINARY
NGINX          ?= $(or $(TEST_NGINX_BINARY),/usr/sbin/nginx)
unexport NGINX
MODULES_DIR    ?= /usr/lib/nginx/modules
NGX_CONF_DIR   ?= /etc/nginx
# the flags Debian builds its nginx and libnginx-mod-* packages with
# (dpkg-buildflags, hardening=+all); conf_flags does not carry them
NGX_CC_OPT     ?= -g -O2 -fstack-protector-strong -Wformat \
                  -Werror=format-security -fPIC -Wdate-time \
                  -D_FORTIFY_SOURCE=2
NGX_LD_OPT     ?= -Wl,-z,relro -Wl,-z,now -fPIC
# a tree without conf_flags (upstream) is configured with these: Debian's
# flags (conf_flags and the static modules of its nginx binary) without its
# paths, and everything the integration suite uses
NGX_DEFAULT_FLAGS ?= --with-compat --with-debug --with-threads \
                  --with-http_ssl_module --with-http_v2_module \
                  --with-http_realip_module --with-http_sub_module \
                  --with-http_addition_module --with-http_gunzip_module \
                  --with-http_gzip_static_module \
                  --with-http_stub_status_module \
                  --with-http_auth_request_module --with-http_dav_module \
                  --with-http_slice_module --with-http_secure_link_module \
                  --with-stream --with-stream_ssl_module \
                  --with-stream_realip_module
FUZZ_SECONDS   ?= 60
HTML_DIFF_PAGES ?= 20000
HTML_DIFF_SEED ?= 1
HTML_DIFF_TABS ?= 4
FUZZ_SMOKE     ?= 5
CLANG          ?= clang

# the module with AddressSanitizer and UBSan, loaded into Debian's nginx
# with the ASan runtime preloaded (tools/asan-nginx)
ASAN_CC_OPT    ?= -g -O1 -fno-omit-frame-pointer -fPIC \
                  -fsanitize=address,undefined -fno-sanitize-recover=all
ASAN_LD_OPT    ?= -fsanitize=address,undefined -fPIC

BUILD          := build
SO             := $(BUILD)/ngx_http_consent_module.so
NGX_BUILD      := $(BUILD)/nginx
ASAN_SO        := $(BUILD)/asan/ngx_http_consent_module.so
ASAN_BUILD     := $(BUILD)/nginx-asan

MOD_SRCS       := $(wildcard ngx_consent_module/*.c ngx_consent_module/*.h)
CORE_SRCS      := $(wildcard ngx_consent_module/consent_*.c)
CORE_HDRS      := $(wildcard ngx_consent_module/consent_*.h)
UNIT_SRCS      := $(wildcard t/unit/test_*.c)
UNIT_BINS      := $(patsubst t/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
FUZZ_SRCS      := $(wildcard fuzz/fuzz_*.c)
FUZZ_BINS      := $(patsubst fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))

SAN_FLAGS      := -fsanitize=address,undefined -fno-sanitize-recover=all
CORE_CFLAGS    := -g -O1 -Wall -Wextra -Werror -std=c99 \
                  -D_POSIX_C_SOURCE=200809L -Ingx_consent_module
CORE_LIBS      := -lmaxminddb

# the Debian package (make deb): its version is that of the first entry of
# pkg/deb/changelog; only a module built against Debian's nginx-dev is
# packaged, and "make integration" builds the package only then

DEB_VERSION    := $(shell head -n 1 pkg/deb/changelog \
                      | cut -d '(' -f 2 | cut -d ')' -f 1)
DEB_ARCH       := $(shell dpkg --print-architecture 2>/dev/null)
DEB_PACKAGE    := libnginx-mod-http-consent
DEB            := $(BUILD)/$(DEB_PACKAGE)_$(DEB_VERSION)_$(DEB_ARCH).deb
INTEGRATION_DEB := $(if $(wildcard \
                       $(NGX_SRC)/debian/libnginx-mod.abisubstvars),$(DEB))


.PHONY: all test unit unit-bytes fuzz fuzz-diff fuzz-diff-html fuzz-smoke \
        integration asan valgrind demo bench bench-core \
        html-diff install deb deb-lint clean nginx-upstream check-nopcre

all: $(SO)

# nginx's objs/Makefile knows the module's sources from "config": configure
# again whenever "config" or the list of sources changes.

$(BUILD)/sources.list: FORCE
	@mkdir -p $(BUILD)
	@echo "$(MOD_SRCS)" | cmp -s - $@ || echo "$(MOD_SRCS)" > $@

# one nginx tree per set of compiler flags

$(NGX_BUILD)/.configured:  TREE_CC_OPT = $(NGX_CC_OPT)
$(NGX_BUILD)/.configured:  TREE_LD_OPT = $(NGX_LD_OPT)
$(ASAN_BUILD)/.configured: TREE_CC_OPT = $(ASAN_CC_OPT)
$(ASAN_BUILD)/.configured: TREE_LD_OPT = $(ASAN_LD_OPT)

$(BUILD)/upstream/.configured: TREE_CC_OPT = $(NGX_CC_OPT)
$(BUILD)/upstream/.configured: TREE_LD_OPT = $(NGX_LD_OPT)
$(BUILD)/nginx-nopcre/.configured: TREE_CC_OPT = $(NGX_CC_OPT)
$(BUILD)/nginx-nopcre/.configured: TREE_LD_OPT = $(NGX_LD_OPT)
$(BUILD)/nginx-nopcre/.configured: TREE_EXTRA = --without-pcre \
                                       --without-http_rewrite_module

# which source tree, and its flags, each tree was configured from:
# configure it again when NGX_SRC changes

$(BUILD)/%.src: FORCE
	@mkdir -p $(BUILD)
	@echo "$(abspath $(NGX_SRC)) $(NGX_DEFAULT_FLAGS)" | cmp -s - $@ \
	    || echo "$(abspath $(NGX_SRC)) $(NGX_DEFAULT_FLAGS)" > $@

# conf_flags when the tree has it (Debian's nginx-dev), NGX_DEFAULT_FLAGS
# otherwise; ./configure, or auto/configure in a git tree

$(BUILD)/%/.configured: config Makefile $(BUILD)/sources.list \
                        $(BUILD)/%.src
	@tools/deps.sh build
	@test -f $(NGX_SRC)/configure -o -f $(NGX_SRC)/auto/configure \
	    || { echo "NGX_SRC=$(NGX_SRC) is not an nginx source tree" \
	              "(neither configure nor auto/configure)"; exit 1; }
	rm -rf $(BUILD)/$*
	cp -a $(NGX_SRC) $(BUILD)/$*
	cd $(BUILD)/$* && \
	    if [ -f conf_flags ]; then . ./conf_flags; \
	    else NGX_CONF_FLAGS=($(NGX_DEFAULT_FLAGS)); fi; \
	    if [ -f configure ]; then cfg=./configure; \
	    else cfg=auto/configure; fi; \
	    $$cfg "$${NGX_CONF_FLAGS[@]}" $(TREE_EXTRA) \
	        --with-cc-opt="$(TREE_CC_OPT)" --with-ld-opt="$(TREE_LD_OPT)" \
	        --add-dynamic-module=$(CURDIR) > configure.log 2>&1 \
	    || { cat configure.log; exit 1; }
	touch $@

# installed by rename: an nginx that has the old file mapped keeps it,
# where a copy over it would crash that nginx with SIGBUS

$(SO): $(NGX_BUILD)/.configured $(MOD_SRCS)
	$(MAKE) -C $(NGX_BUILD) -f objs/Makefile modules
	cp $(NGX_BUILD)/objs/ngx_http_consent_module.so $@.tmp
	mv -f $@.tmp $@

$(ASAN_SO): $(ASAN_BUILD)/.configured $(MOD_SRCS)
	$(MAKE) -C $(ASAN_BUILD) -f objs/Makefile modules
	@mkdir -p $(dir $@)
	cp $(ASAN_BUILD)/objs/ngx_http_consent_module.so $@.tmp
	mv -f $@.tmp $@

# nginx itself and the module, from NGX_SRC configured as above: what the
# suite runs against an nginx other than Debian's (README.md, "Building from
# source").  A whole tree is needed: Debian's nginx-dev has the headers only.
#   TEST_NGINX_BINARY=$PWD/build/upstream/nginx \
#   TEST_NGINX_MODULE=$PWD/build/upstream/ngx_http_consent_module.so \
#       prove -r t

UPSTREAM       := $(BUILD)/upstream
NOPCRE         := $(BUILD)/nopcre
NGX_WHOLE      := test -f $(NGX_SRC)/src/core/nginx.c

nginx-upstream: $(UPSTREAM)/.configured $(MOD_SRCS)
	@$(NGX_WHOLE) || { echo "NGX_SRC=$(NGX_SRC) has no src/core/nginx.c" \
	    "(Debian's nginx-dev has the headers only): give an nginx" \
	    "release or git tree"; exit 1; }
	$(MAKE) -C $(UPSTREAM) -f objs/Makefile
	cp $(UPSTREAM)/objs/nginx $(UPSTREAM)/nginx.tmp
	mv -f $(UPSTREAM)/nginx.tmp $(UPSTREAM)/nginx
	cp $(UPSTREAM)/objs/ngx_http_consent_module.so $(UPSTREAM)/mod.tmp
	mv -f $(UPSTREAM)/mod.tmp $(UPSTREAM)/ngx_http_consent_module.so
	$(UPSTREAM)/nginx -V

# the module --without-pcre (and so without the rewrite module), from
# NGX_SRC: Debian's nginx-dev builds the module only, which proves that it
# compiles; a whole tree (NGX_SRC=an nginx release or git tree) builds nginx
# too, and t/nopcre.t runs it: a ~REGEX rule is refused at "nginx -t".
# "make test" runs it on nginx-dev (about a minute): the compile with PCRE
# that "make" does cannot see regex code left outside #if (NGX_PCRE).

check-nopcre: $(BUILD)/nginx-nopcre/.configured $(MOD_SRCS)
	rm -rf $(NOPCRE)
	if $(NGX_WHOLE); then \
	    $(MAKE) -C $(BUILD)/nginx-nopcre -f objs/Makefile; \
	else \
	    $(MAKE) -C $(BUILD)/nginx-nopcre -f objs/Makefile modules; \
	fi
	@mkdir -p $(NOPCRE)
	if $(NGX_WHOLE); then cp $(BUILD)/nginx-nopcre/objs/nginx $(NOPCRE)/; fi
	cp $(BUILD)/nginx-nopcre/objs/ngx_http_consent_module.so $(NOPCRE)/
	@tools/deps.sh test
	prove t/nopcre.t

$(BUILD):
	mkdir -p $@

FORCE:

.PRECIOUS: $(BUILD)/%.src $(BUILD)/%/.configured


# unit tests: each t/unit/test_*.c against every core, with sanitizers

$(BUILD)/unit/%: t/unit/%.c $(CORE_SRCS) $(CORE_HDRS) t/unit/tap.h
	@mkdir -p $(dir $@)
	$(CLANG) $(CORE_CFLAGS) $(SAN_FLAGS) -It/unit -o $@ $< $(CORE_SRCS) \
	    $(CORE_LIBS)

unit: $(UNIT_BINS)
	@tools/deps.sh fuzz
	LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp \
	    prove --exec '' $(UNIT_BINS)

# the same unit tests with the word-at-a-time paths of the cores compiled
# out (the byte loops of big-endian and non-GCC builds)

UNIT_BYTES_BINS := $(patsubst t/unit/%.c,$(BUILD)/unit-bytes/%,$(UNIT_SRCS))

$(BUILD)/unit-bytes/%: t/unit/%.c $(CORE_SRCS) $(CORE_HDRS) t/unit/tap.h
	@mkdir -p $(dir $@)
	$(CLANG) $(CORE_CFLAGS) $(SAN_FLAGS) -DCONSENT_PCT_WORDS=0 \
	    -DCONSENT_JSON_WORDS=0 -It/unit -o $@ $< $(CORE_SRCS) $(CORE_LIBS)

unit-bytes: $(UNIT_BYTES_BINS)
	@tools/deps.sh fuzz
	LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp \
	    prove --exec '' $(UNIT_BYTES_BINS)


# fuzzing: fuzz/fuzz_NAME.c, seeds in fuzz/corpus/NAME/, libFuzzer options
# in fuzz/NAME.options if any; new inputs go to
# build/fuzz/NAME-corpus so that the committed seeds stay as they are

$(BUILD)/fuzz/%: fuzz/%.c $(CORE_SRCS) $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CORE_CFLAGS) -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -o $@ $< $(CORE_SRCS) $(CORE_LIBS)

fuzz: $(FUZZ_BINS)
	@tools/deps.sh fuzz
	@for f in $(FUZZ_BINS); do \
	    n=$$(basename $$f); n=$${n#fuzz_}; \
	    mkdir -p $(BUILD)/fuzz/$$n-corpus fuzz/corpus/$$n; \
	    echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp \
	    $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        $$(cat fuzz/$$n.options 2>/dev/null) \
	        $(BUILD)/fuzz/$$n-corpus fuzz/corpus/$$n \
	        2> $(BUILD)/fuzz/$$n.log \
	    || { tail -50 $(BUILD)/fuzz/$$n.log; exit 1; }; \
	    grep -E '^stat::number_of_executed_units' $(BUILD)/fuzz/$$n.log; \
	done

fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE)

# the differential fuzz run of a rewrite for speed: every format core of
# the tree against the same core of FUZZ_DIFF_BASE (fuzz/diff_formats.c;
# the old cores are compiled from "git archive" with every external symbol
# renamed old_...).  Seeds: each format's corpus, behind the byte that
# picks the format (didomi's without the byte that fuzz_didomi reads, its
# JSON seeds base64-encoded); FUZZ_DIFF_FORMATS is the order of
# fuzz/diff_table.c.  The default base is the last commit: the rewrite in
# the working tree against the code it replaces.
#   make fuzz-diff [FUZZ_DIFF_BASE=commit] [FUZZ_SECONDS=60]

FUZZ_DIFF_BASE    ?= HEAD
FUZZ_DIFF_DIR     := $(BUILD)/fuzz-diff
FUZZ_DIFF_FORMATS := native cookieconsent klaro cookiebot onetrust tcf \
                     usprivacy gpp borlabs axeptio cookieyes complianz \
                     didomi
FUZZ_DIFF_CFLAGS   = $(CORE_CFLAGS) -Wno-unused-parameter \
                     -fsanitize=fuzzer,address,undefined \
                     -fno-sanitize-recover=all

fuzz-diff: $(CORE_SRCS) $(CORE_HDRS) fuzz/diff_formats.c fuzz/diff_table.c \
           fuzz/diff_table.h
	@tools/deps.sh fuzz
	rm -rf $(FUZZ_DIFF_DIR)/old $(FUZZ_DIFF_DIR)/seeds
	mkdir -p $(FUZZ_DIFF_DIR)/old $(FUZZ_DIFF_DIR)/seeds \
	    $(FUZZ_DIFF_DIR)/corpus
	git archive $(FUZZ_DIFF_BASE) ngx_consent_module \
	    | tar -x -C $(FUZZ_DIFF_DIR)/old --strip-components=1 \
	          --wildcards 'ngx_consent_module/consent_*'
	cd $(FUZZ_DIFF_DIR)/old && for f in consent_*.c; do \
	    $(CLANG) $(FUZZ_DIFF_CFLAGS) -I. -c -o $${f%.c}.o $$f || exit 1; \
	done
	nm -g --defined-only $(FUZZ_DIFF_DIR)/old/*.o \
	    | awk 'NF == 3 && $$3 ~ /^consent_/ \
	           { print "#define " $$3 " old_" $$3 }' \
	    | sort -u > $(FUZZ_DIFF_DIR)/old/old_names.h
	cd $(FUZZ_DIFF_DIR)/old && for f in consent_*.c; do \
	    $(CLANG) $(FUZZ_DIFF_CFLAGS) -I. -include old_names.h \
	        -c -o $${f%.c}.o $$f || exit 1; \
	done
	$(CLANG) $(FUZZ_DIFF_CFLAGS) -I$(FUZZ_DIFF_DIR)/old \
	    -include $(FUZZ_DIFF_DIR)/old/old_names.h -DDIFF_TABLE=diff_old \
	    -c -o $(FUZZ_DIFF_DIR)/old/diff_table_old.o fuzz/diff_table.c
	$(CLANG) $(FUZZ_DIFF_CFLAGS) -DDIFF_TABLE=diff_new \
	    -o $(FUZZ_DIFF_DIR)/diff_formats fuzz/diff_formats.c \
	    fuzz/diff_table.c $(CORE_SRCS) $(FUZZ_DIFF_DIR)/old/*.o $(CORE_LIBS)
	i=0; for n in $(FUZZ_DIFF_FORMATS); do \
	    for f in fuzz/corpus/$$n/*; do \
	        [ -f "$$f" ] || continue; \
	        { printf "\\$$(printf %03o $$i)\\000"; \
	          if [ $$n != didomi ]; then cat "$$f"; \
	          elif [ "$$(head -c 1 "$$f")" = 1 ]; then tail -c +2 "$$f"; \
	          else tail -c +2 "$$f" | base64 -w 0; fi; } \
	            > $(FUZZ_DIFF_DIR)/seeds/$$n-$$(basename $$f); \
	    done; i=$$((i + 1)); \
	done
	LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp \
	    $(FUZZ_DIFF_DIR)/diff_formats -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=8192 -artifact_prefix=$(FUZZ_DIFF_DIR)/ \
	    $(FUZZ_DIFF_DIR)/corpus $(FUZZ_DIFF_DIR)/seeds \
	    2> $(FUZZ_DIFF_DIR)/fuzz.log \
	|| { tail -50 $(FUZZ_DIFF_DIR)/fuzz.log; exit 1; }
	grep -E '^stat::number_of_executed_units|Done [0-9]+ runs' \
	    $(FUZZ_DIFF_DIR)/fuzz.log


# the same for the HTML scanner (fuzz/diff_html.c): the consent_html*.c of
# the tree against those of FUZZ_DIFF_BASE, each side with its own
# consent_html.h (fuzz/diff_html_side.c compiled once for each), on
# fuzz_html's seeds: the output, whole, in pieces and byte by byte, and
# the counts must be the same.
#   make fuzz-diff-html [FUZZ_DIFF_BASE=commit] [FUZZ_SECONDS=60]
# FUZZ_DIFF_HTML_NEW=-DCONSENT_HTML_NO_SSE2 compares the plain C paths of
# the tree instead of its SSE2 ones.

FUZZ_DIFF_HTML_DIR := $(BUILD)/fuzz-diff-html
FUZZ_DIFF_HTML_NEW ?=
FUZZ_DIFF_OLD_CFLAGS = $(filter-out -Ingx_consent_module,$(FUZZ_DIFF_CFLAGS))

fuzz-diff-html: $(CORE_SRCS) $(CORE_HDRS) fuzz/diff_html.c \
                fuzz/diff_html_side.c fuzz/diff_html.h fuzz/fuzz_html_tokens.h
	@tools/deps.sh fuzz
	rm -rf $(FUZZ_DIFF_HTML_DIR)/old
	mkdir -p $(FUZZ_DIFF_HTML_DIR)/old $(FUZZ_DIFF_HTML_DIR)/corpus
	git archive $(FUZZ_DIFF_BASE) ngx_consent_module \
	    | tar -x -C $(FUZZ_DIFF_HTML_DIR)/old --strip-components=1 \
	          --wildcards 'ngx_consent_module/consent_*'
	cd $(FUZZ_DIFF_HTML_DIR)/old && for f in consent_*.c; do \
	    $(CLANG) $(FUZZ_DIFF_OLD_CFLAGS) -I. -c -o $${f%.c}.o $$f \
	    || exit 1; \
	done
	nm -g --defined-only $(FUZZ_DIFF_HTML_DIR)/old/*.o \
	    | awk 'NF == 3 && $$3 ~ /^consent_/ \
	           { print "#define " $$3 " old_" $$3 }' \
	    | sort -u > $(FUZZ_DIFF_HTML_DIR)/old/old_names.h
	cd $(FUZZ_DIFF_HTML_DIR)/old && for f in consent_*.c; do \
	    $(CLANG) $(FUZZ_DIFF_OLD_CFLAGS) -I. -include old_names.h \
	        -c -o $${f%.c}.o $$f || exit 1; \
	done
	$(CLANG) $(FUZZ_DIFF_OLD_CFLAGS) -I$(FUZZ_DIFF_HTML_DIR)/old -Ifuzz \
	    -include $(FUZZ_DIFF_HTML_DIR)/old/old_names.h \
	    -DDIFF_HTML_SIDE=diff_html_old \
	    -c -o $(FUZZ_DIFF_HTML_DIR)/old/diff_html_old.o \
	    fuzz/diff_html_side.c
	$(CLANG) $(FUZZ_DIFF_CFLAGS) $(FUZZ_DIFF_HTML_NEW) \
	    -DDIFF_HTML_SIDE=diff_html_new \
	    -o $(FUZZ_DIFF_HTML_DIR)/diff_html fuzz/diff_html.c \
	    fuzz/diff_html_side.c $(CORE_SRCS) $(FUZZ_DIFF_HTML_DIR)/old/*.o \
	    $(CORE_LIBS)
	LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp \
	    $(FUZZ_DIFF_HTML_DIR)/diff_html -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=16384 -artifact_prefix=$(FUZZ_DIFF_HTML_DIR)/ \
	    $(FUZZ_DIFF_HTML_DIR)/corpus fuzz/corpus/html \
	    2> $(FUZZ_DIFF_HTML_DIR)/fuzz.log \
	|| { tail -50 $(FUZZ_DIFF_HTML_DIR)/fuzz.log; exit 1; }
	grep -E '^stat::number_of_executed_units|Done [0-9]+ runs' \
	    $(FUZZ_DIFF_HTML_DIR)/fuzz.log

integration: $(SO) $(INTEGRATION_DEB)
	@tools/deps.sh test node browser bench
	prove -r t

# the same suite against the ASan + UBSan build; not t/harness.t, which
# checks that a worker killed by SIGSEGV is reported as such (ASan turns
# it into its own report), nor the benchmark and the soak, which measure
# instructions and memory, nor t/deb.t, which installs the package of the
# plain build

ASAN_SKIP      := t/harness.t t/bench.t t/soak.t t/deb.t

asan: $(ASAN_SO)
	@tools/deps.sh test node browser bench asan
	TEST_NGINX_BINARY=$(CURDIR)/tools/asan-nginx \
	TEST_NGINX_MODULE=$(CURDIR)/$(ASAN_SO) \
	    prove $(filter-out $(ASAN_SKIP),$(wildcard t/*.t))

# nginx under memcheck, in one process (master_process off): the tests
# that cover every directive and variable (not those that reload or count
# workers); t/valgrind.supp lists what belongs to nginx; not part of
# "make test" (about 10 minutes)

VALGRIND_TESTS ?= t/directives.t t/cookie.t t/formats.t t/signals.t \
                  t/expiry.t t/require.t t/strip.t t/trackers.t t/html.t \
                  t/geoip.t t/mask.t t/privacy_log.t t/endpoint.t \
                  t/receipts.t t/gcm.t

valgrind: $(SO)
	@tools/deps.sh test bench
	TEST_NGINX_VALGRIND=1 prove $(VALGRIND_TESTS)

test: all unit fuzz-smoke check-nopcre integration asan


# tools/demo.sh installs what is missing and builds before it serves

demo:
	tools/demo.sh


# the HTML comparison (tools/html-diff/run.mjs): pages served filtered and
# unfiltered by the module, loaded in chromium; fails on any leak.
# playwright-core as t/browser/package-lock.json pins it, in
# build/browser-node/ (t/browser.t installs the same there)

PLAYWRIGHT     := \
    $(BUILD)/browser-node/node_modules/playwright-core/package.json

$(PLAYWRIGHT): t/browser/package.json t/browser/package-lock.json
	@tools/deps.sh node
	@mkdir -p $(BUILD)/browser-node
	cp t/browser/package.json t/browser/package-lock.json $(BUILD)/browser-node/
	cd $(BUILD)/browser-node && npm ci --no-audit --no-fund --loglevel=error
	touch $@

html-diff: $(SO) $(PLAYWRIGHT)
	@tools/deps.sh browser node
	node tools/html-diff/run.mjs --pages $(HTML_DIFF_PAGES) \
	    --seed $(HTML_DIFF_SEED) --tabs $(HTML_DIFF_TABS) \
	    --out $(BUILD)/html-diff


# the benchmark: not part of "make test" (t/bench.t runs a short smoke run)

bench: $(SO)
	@tools/deps.sh bench node
	geoip/install-default.sh
	TEST_NGINX_BINARY=$(NGINX) perl bench/bench.pl


# one core's instructions for one value, without nginx (callgrind), the
# module's compiler flags:
#   make bench-core FORMAT=gpp VALUE='DBABLA~BVQVAAAAAgA.QA'

$(BUILD)/bench/core_cost: bench/core_cost.c $(CORE_SRCS) $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(NGX_CC_OPT) -Wall -Wextra -Wno-unused-parameter -Werror \
	    -std=c99 -D_POSIX_C_SOURCE=200809L -Ingx_consent_module \
	    -o $@ $< $(CORE_SRCS) $(CORE_LIBS)

bench-core: $(BUILD)/bench/core_cost
	@tools/deps.sh bench
	perl bench/core_cost.pl $(BUILD)/bench/core_cost '$(FORMAT)' '$(VALUE)'


install: $(SO)
	install -d $(DESTDIR)$(MODULES_DIR) \
	    $(DESTDIR)$(NGX_CONF_DIR)/modules-available
	install -m 0644 $(SO) $(DESTDIR)$(MODULES_DIR)/
	echo "load_module modules/ngx_http_consent_module.so;" \
	    > $(DESTDIR)$(NGX_CONF_DIR)/modules-available/mod-http-consent.conf

# the Debian package (pkg/deb/build.sh; DEB above): version and maintainer
# from the first entry of pkg/deb/changelog, Depends from nginx-dev's ABI
# and dpkg-shlibdeps; t/deb.t installs and removes it

$(DEB): $(SO) $(wildcard pkg/deb/*) README.md $(wildcard conf/*.conf) \
        Makefile
	@tools/deps.sh deb
	pkg/deb/build.sh $(SO) $(NGX_SRC) $(BUILD)

deb: $(DEB)

# lintian: not part of "make test"

deb-lint: $(DEB)
	@tools/deps.sh lint
	lintian --allow-root --fail-on error,warning --info $(DEB)

clean:
	rm -rf $(BUILD)
