# Build and run the guesttime unit tests (Check framework).
# Usage from the repository root:  make -f tests/unit/Makefile.frag check-guesttime
# Or include it from another Makefile; all variables can be overridden.

GT_CC       ?= gcc
GT_CFLAGS   ?= -std=c99 -Wall -Wextra -Wpedantic -O2
GT_CHECK    := $(shell pkg-config --cflags --libs check)
GT_SRC_DIR  ?= src-common
GT_TEST_BIN ?= tests/unit/test_guesttime

$(GT_TEST_BIN): $(GT_SRC_DIR)/guesttime.c $(GT_SRC_DIR)/guesttime.h tests/unit/test_guesttime.c
	$(GT_CC) $(GT_CFLAGS) -I$(GT_SRC_DIR) -o $@ \
		$(GT_SRC_DIR)/guesttime.c tests/unit/test_guesttime.c $(GT_CHECK)

.PHONY: check-guesttime clean-guesttime
check-guesttime: $(GT_TEST_BIN)
	$(abspath $(GT_TEST_BIN))

clean-guesttime:
	rm -f $(GT_TEST_BIN)
