# procps-ng / sysstat KVM fork layer.
#
#   make            fetch the pinned upstream releases, patch them, build build/bin/{top,vmstat,sar,sadc,sadf}
#   make demo       the same, then show the patched tools on the bundled KVM-host snapshot
#   make check      everything `make` does, then every test (unit, replay, sanitizer, upstream suites)
#   make install PREFIX=/usr/local   install the tools and their man pages
#   make fuzz FUZZ_TIME=600   run each libFuzzer target (tests/fuzz) for FUZZ_TIME seconds (default 60)
#
# Overrides (see README.md): PROCPS_TARBALL= SYSSTAT_TARBALL= (a release tarball), PROCPS_SRC= SYSSTAT_SRC=
# (an existing tree used as is), PROCPS_SERIES= SYSSTAT_SERIES= (which patches/<project>/<series> to apply).

PROCPS_VERSION  ?= 4.0.4
SYSSTAT_VERSION ?= 12.7.5
PROCPS_SERIES   ?= $(PROCPS_VERSION)
SYSSTAT_SERIES  ?= $(SYSSTAT_VERSION)
PROCPS_TARBALL  ?=
SYSSTAT_TARBALL ?=
PROCPS_SRC      ?=
SYSSTAT_SRC     ?=
JOBS            ?= 2
PREFIX          ?= /usr/local

ROOT  := $(CURDIR)
BUILD := $(ROOT)/build
SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SANFLAGS := -g -O1 $(SAN)

PROCPS_PIN  := upstream/pins/procps-ng-$(PROCPS_VERSION)
SYSSTAT_PIN := upstream/pins/sysstat-$(SYSSTAT_VERSION)
PROCPS_SERIES_DIR  := patches/procps-ng/$(PROCPS_SERIES)
SYSSTAT_SERIES_DIR := patches/sysstat/$(SYSSTAT_SERIES)

# everything a prepared tree depends on
PROCPS_INPUTS  := $(wildcard $(PROCPS_PIN) $(PROCPS_SERIES_DIR)/* src-common/* src-vmstat/*) \
                  tools/prepare-tree
SYSSTAT_INPUTS := $(wildcard $(SYSSTAT_PIN) $(SYSSTAT_SERIES_DIR)/*) \
                  $(shell find src-sar-kvm -type f 2>/dev/null) tools/prepare-tree

PROCPS_NAME  := $(if $(PROCPS_SRC),procps-ng tree $(PROCPS_SRC),procps-ng $(PROCPS_VERSION))
SYSSTAT_NAME := $(if $(SYSSTAT_SRC),sysstat tree $(SYSSTAT_SRC),sysstat $(SYSSTAT_VERSION))
PROCPS_COPY  := --copy src-common:src --copy src-vmstat:src
SYSSTAT_COPY := --copy src-sar-kvm:.

# --disable-modern-top: top's startup defaults as Debian builds it (text %Cpu lines with gu/gn, no graphs);
# upstream's own ("modern") defaults are built too, for their tests: $(BUILD)/modern/bin/top
PROCPS_CONFIGURE_BASE := --disable-shared --enable-static --disable-nls --without-systemd --without-elogind
PROCPS_CONFIGURE  := $(PROCPS_CONFIGURE_BASE) --disable-modern-top
SYSSTAT_CONFIGURE := --disable-nls --disable-sensors --disable-stripping
# sadf -l (PCP archives) needs libpcp and libpcp_import (tools/deps build installs them). PCP=auto: with
# them when their headers are installed, else without (and `make` says so); PCP=no: without.
PCP ?= auto

.PHONY: FORCE all demo check check-quick install deps deps-check clean distclean help series-check
.DELETE_ON_ERROR:

all: $(BUILD)/bin/.stamp $(BUILD)/replay/libreplay.so

help:
	@sed -n '3,12p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@PCP=$(PCP) tools/deps build

deps-check:
	@tools/deps check

# ---------------------------------------------------------------- sources

# The base and series chosen on the command line: a prepared tree is redone when they change.
$(BUILD)/procps-ng.config $(BUILD)/sysstat.config: FORCE
	@mkdir -p $(BUILD)
	@echo "$(if $(findstring procps,$@),$(PROCPS_VERSION) $(PROCPS_SERIES) $(PROCPS_TARBALL) $(PROCPS_SRC),$(SYSSTAT_VERSION) $(SYSSTAT_SERIES) $(SYSSTAT_TARBALL) $(SYSSTAT_SRC) PCP=$(PCP))" > $@.new
	@if cmp -s $@ $@.new; then rm -f $@.new; else mv -f $@.new $@; fi
FORCE:

# $(1) = project, $(2) = pin, $(3) = tarball override, $(4) = src override
define fetch_args
$(if $(4),--src $(4),--tarball "$$(upstream/fetch $(if $(3),--tarball $(3)) $(2))" --topdir "$$(sed -n 's/^topdir=//p' $(2))")
endef

$(BUILD)/prepared/procps-ng/.stamp: $(PROCPS_INPUTS) $(BUILD)/procps-ng.config | deps
	@echo "== preparing $(PROCPS_NAME) (series $(PROCPS_SERIES_DIR))"
	@test -n "$(PROCPS_SRC)" || test -f "$(PROCPS_PIN)" || { echo "error: no pin $(PROCPS_PIN) for procps-ng $(PROCPS_VERSION); pins: $$(ls upstream/pins)"; exit 1; }
	@tools/prepare-tree --name "$(PROCPS_NAME)" --series $(PROCPS_SERIES_DIR) \
	    --dest $(BUILD)/prepared/procps-ng $(PROCPS_COPY) $(call fetch_args,procps-ng,$(PROCPS_PIN),$(PROCPS_TARBALL),$(PROCPS_SRC))
	@echo "== regenerating procps-ng's build system (our patches touch Makefile.am)"
	@# a git checkout has po/update-potfiles and needs its autogen.sh; a release tarball has neither
	@cd $(BUILD)/prepared/procps-ng && { test -f .tarball-version || echo $(PROCPS_VERSION) > .tarball-version; } && \
	    { if [ -x autogen.sh ] && [ -x po/update-potfiles ]; then ./autogen.sh; else autoreconf -fi; fi; } > autoreconf.log 2>&1 || \
	    { cat autoreconf.log; echo "error: regenerating the build system failed in $(BUILD)/prepared/procps-ng (are autoconf, automake, libtool, autopoint installed? run tools/deps build)"; exit 1; }
	@touch $@

$(BUILD)/prepared/sysstat/.stamp: $(SYSSTAT_INPUTS) $(BUILD)/sysstat.config | deps
	@echo "== preparing $(SYSSTAT_NAME) (series $(SYSSTAT_SERIES_DIR))"
	@test -n "$(SYSSTAT_SRC)" || test -f "$(SYSSTAT_PIN)" || { echo "error: no pin $(SYSSTAT_PIN) for sysstat $(SYSSTAT_VERSION); pins: $$(ls upstream/pins)"; exit 1; }
	@tools/prepare-tree --name "$(SYSSTAT_NAME)" --series $(SYSSTAT_SERIES_DIR) \
	    --dest $(BUILD)/prepared/sysstat $(SYSSTAT_COPY) $(call fetch_args,sysstat,$(SYSSTAT_PIN),$(SYSSTAT_TARBALL),$(SYSSTAT_SRC))
	@touch $@

# ---------------------------------------------------------------- builds
# $(1) = variant dir (release|asan), $(2) = CFLAGS, $(3) = bin dir

define procps_build
$(BUILD)/$(1)/procps-ng/.stamp: $(BUILD)/prepared/procps-ng/.stamp
	@echo "== building procps-ng ($(1)): top, vmstat, ps"
	@rm -rf $(BUILD)/$(1)/procps-ng && mkdir -p $(BUILD)/$(1) && cp -a $(BUILD)/prepared/procps-ng $(BUILD)/$(1)/procps-ng
	@cd $(BUILD)/$(1)/procps-ng && ./configure $(PROCPS_CONFIGURE) CFLAGS="$(2)" LDFLAGS="$(2)" > configure.log 2>&1 || \
	    { tail -n 30 configure.log; echo "error: configure failed for procps-ng ($(1)); see $(BUILD)/$(1)/procps-ng/config.log"; exit 1; }
	@$(MAKE) -s -C $(BUILD)/$(1)/procps-ng -j$(JOBS) src/top/top src/vmstat src/ps/pscommand > $(BUILD)/$(1)/procps-ng/make.log 2>&1 || \
	    { tail -n 40 $(BUILD)/$(1)/procps-ng/make.log; echo "error: building procps-ng ($(1)) failed; log: $(BUILD)/$(1)/procps-ng/make.log"; exit 1; }
	@mkdir -p $(3) && cp $(BUILD)/$(1)/procps-ng/src/top/top $(BUILD)/$(1)/procps-ng/src/vmstat $(3)/
	@cp $(BUILD)/$(1)/procps-ng/src/ps/pscommand $(3)/ps
	@touch $$@
endef

define sysstat_build
$(BUILD)/$(1)/sysstat/.stamp: $(BUILD)/prepared/sysstat/.stamp
	@echo "== building sysstat ($(1)): sar, sadc, sadf"
	@rm -rf $(BUILD)/$(1)/sysstat && mkdir -p $(BUILD)/$(1) && cp -a $(BUILD)/prepared/sysstat $(BUILD)/$(1)/sysstat
	@cd $(BUILD)/$(1)/sysstat && ./configure $(SYSSTAT_CONFIGURE) \
	    $$$$(if [ "$(PCP)" != no ] && [ -f /usr/include/pcp/import.h ]; then echo --enable-pcp; else echo --disable-pcp; fi) \
	    sa_lib_dir=$(3) sa_dir=$(BUILD)/$(1)/sa \
	    conf_dir=$(BUILD)/$(1)/etc CFLAGS="$(2)" LDFLAGS="$(2)" > configure.log 2>&1 || \
	    { tail -n 30 configure.log; echo "error: configure failed for sysstat ($(1)); see $(BUILD)/$(1)/sysstat/config.log"; exit 1; }
	@grep -q -- -DHAVE_PCP $(BUILD)/$(1)/sysstat/Makefile || \
	    if [ "$(PCP)" = yes ]; then echo "error: PCP=yes but sysstat's configure found no libpcp (install libpcp3-dev and libpcp-import1-dev: tools/deps build)"; exit 1; \
	    elif [ "$(1)" = release ]; then echo "== sysstat built without PCP: sadf -l is not available$(if $(filter no,$(PCP)), (PCP=no), (install libpcp3-dev and libpcp-import1-dev: tools/deps build))"; fi
	@$(MAKE) -s -C $(BUILD)/$(1)/sysstat -j$(JOBS) sar sadc sadf > $(BUILD)/$(1)/sysstat/make.log 2>&1 || \
	    { tail -n 40 $(BUILD)/$(1)/sysstat/make.log; echo "error: building sysstat ($(1)) failed; log: $(BUILD)/$(1)/sysstat/make.log"; exit 1; }
	@mkdir -p $(3) && cp $(BUILD)/$(1)/sysstat/sar $(BUILD)/$(1)/sysstat/sadc $(BUILD)/$(1)/sysstat/sadf $(3)/
	@touch $$@
endef

$(eval $(call procps_build,release,-O2 -g -Wall,$(BUILD)/bin))
$(eval $(call sysstat_build,release,-O2 -g -Wall,$(BUILD)/bin))
$(eval $(call procps_build,asan,$(SANFLAGS),$(BUILD)/asan/bin))
$(eval $(call sysstat_build,asan,$(SANFLAGS),$(BUILD)/asan/bin))

# Two more tops for the tests (release flags): ours with upstream's modern defaults (tests/top/defaults.t), and
# stock top, the baseline without any patch (tests/top/idioms.t compares the %Cpu lines of the two)
$(BUILD)/modern/bin/top: $(BUILD)/prepared/procps-ng/.stamp
	@echo "== building procps-ng (modern defaults): top"
	@rm -rf $(BUILD)/modern && mkdir -p $(BUILD)/modern/bin && cp -a $(BUILD)/prepared/procps-ng $(BUILD)/modern/procps-ng
	@cd $(BUILD)/modern/procps-ng && ./configure $(PROCPS_CONFIGURE_BASE) CFLAGS="-O2 -g -Wall" > configure.log 2>&1 || \
	    { tail -n 30 configure.log; echo "error: configure failed for procps-ng (modern); see $(BUILD)/modern/procps-ng/config.log"; exit 1; }
	@$(MAKE) -s -C $(BUILD)/modern/procps-ng -j$(JOBS) src/top/top > $(BUILD)/modern/procps-ng/make.log 2>&1 || \
	    { tail -n 40 $(BUILD)/modern/procps-ng/make.log; echo "error: building procps-ng (modern) failed; log: $(BUILD)/modern/procps-ng/make.log"; exit 1; }
	@cp $(BUILD)/modern/procps-ng/src/top/top $@

$(BUILD)/stock/bin/top: $(PROCPS_PIN) $(BUILD)/procps-ng.config | deps
	@echo "== building stock $(PROCPS_NAME) (no patch): top"
	@rm -rf $(BUILD)/stock && mkdir -p $(BUILD)/stock/bin $(BUILD)/stock/empty && : > $(BUILD)/stock/empty/series
	@tools/prepare-tree --name "stock $(PROCPS_NAME)" --series $(BUILD)/stock/empty \
	    --dest $(BUILD)/stock/procps-ng $(call fetch_args,procps-ng,$(PROCPS_PIN),$(PROCPS_TARBALL),$(PROCPS_SRC)) > /dev/null
	@cd $(BUILD)/stock/procps-ng && { test -x configure || { { test -f .tarball-version || echo $(PROCPS_VERSION) > .tarball-version; } && \
	    if [ -x autogen.sh ] && [ -x po/update-potfiles ]; then ./autogen.sh; else autoreconf -fi; fi; } > autoreconf.log 2>&1; } && \
	    ./configure $(PROCPS_CONFIGURE) CFLAGS="-O2 -g -Wall" > configure.log 2>&1 || \
	    { tail -n 30 configure.log; echo "error: configure failed for stock procps-ng; see $(BUILD)/stock/procps-ng/config.log"; exit 1; }
	@$(MAKE) -s -C $(BUILD)/stock/procps-ng -j$(JOBS) src/top/top > $(BUILD)/stock/procps-ng/make.log 2>&1 || \
	    { tail -n 40 $(BUILD)/stock/procps-ng/make.log; echo "error: building stock procps-ng failed; log: $(BUILD)/stock/procps-ng/make.log"; exit 1; }
	@cp $(BUILD)/stock/procps-ng/src/top/top $@

$(BUILD)/bin/.stamp: $(BUILD)/release/procps-ng/.stamp $(BUILD)/release/sysstat/.stamp
	@touch $@
	@echo "== built: $$(cd $(BUILD)/bin && ls | tr '\n' ' ')in build/bin/"

$(BUILD)/asan/bin/.stamp: $(BUILD)/asan/procps-ng/.stamp $(BUILD)/asan/sysstat/.stamp
	@touch $@

$(BUILD)/replay/libreplay.so: tests/replay/shim.c
	@mkdir -p $(dir $@)
	@$(CC) -std=gnu99 -Wall -Wextra -O2 -fPIC -shared -o $@ $< -ldl

# ---------------------------------------------------------------- demo, tests

demo: all
	@tools/demo

check: all $(BUILD)/asan/bin/.stamp $(BUILD)/modern/bin/top $(BUILD)/stock/bin/top
	@tools/deps check
	@tests/run-all

# the tests without the upstream suites (quicker while developing)
check-quick: all $(BUILD)/asan/bin/.stamp $(BUILD)/modern/bin/top $(BUILD)/stock/bin/top
	@tools/deps check
	@TESTS_SKIP_UPSTREAM=1 tests/run-all

# ---------------------------------------------------------------- fuzzing (tests/README.md)
FUZZ_TIME ?= 60
.PHONY: fuzz
fuzz: $(BUILD)/prepared/sysstat/.stamp
	@tests/fuzz/build
	@tests/fuzz/run $(FUZZ_TIME)

# ---------------------------------------------------------------- install

install: all
	@PCP=$(PCP) tools/install "$(PREFIX)" "$(BUILD)"

clean:
	rm -rf $(BUILD)

distclean: clean

# ---------------------------------------------------------------- upstream submission (README: Submitting upstream)
# make series           build/series/<project>-<base>/: git format-patch series + cover letter per upstream
# make upstream-check   checks them: git am, same tree as make's, style, build per commit, warnings, suites
UPSTREAM_VARS = PROCPS_VERSION="$(PROCPS_VERSION)" PROCPS_SERIES="$(PROCPS_SERIES)" PROCPS_SRC="$(PROCPS_SRC)" \
                PROCPS_TARBALL="$(PROCPS_TARBALL)" SYSSTAT_VERSION="$(SYSSTAT_VERSION)" \
                SYSSTAT_SERIES="$(SYSSTAT_SERIES)" SYSSTAT_SRC="$(SYSSTAT_SRC)" SYSSTAT_TARBALL="$(SYSSTAT_TARBALL)"

.PHONY: series upstream-check
series:
	@$(UPSTREAM_VARS) tools/make-series

upstream-check:
	@$(UPSTREAM_VARS) tools/upstream-check
