# huimin build. `make run` and `make test` are the whole set-up (README).
#
#   make deps    install the missing Debian packages (quiet when none is)
#   make         build build/huimin
#   make run     deps, build, demo database if there is none, start
#   make test    deps, build, unit tests under ASan+UBSan, fuzz smoke, CLI and API tests, browser tests
#   make e2e     the browser tests (tests/e2e: playwright-core driving Debian's chromium, axe-core)
#   make fuzz    run each libFuzzer target for FUZZ_SECONDS
#   make bench   benchmarks: import, the web server under wrk, the case engine, the target board, payments, statistics, printed rosters (docs/performance.md)

CC       ?= cc
PKGS     := sqlite3 jansson libzip expat xlsxwriter libsodium libmicrohttpd pangocairo fontconfig
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CSTD     := -std=c17 -D_GNU_SOURCE
INC      := -Isrc -Ibuild/gen
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS   ?= -O2 -g
ALL_CFLAGS = $(CSTD) $(WARN) $(INC) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_SECONDS ?= 20

LIB_SRC  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
GEN_SRC  := build/gen/migrations.c build/gen/assets.c
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
ASSETS   := $(sort $(wildcard src/web/assets/*)) reports/annual.zh.txt
UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
# Shared set-up for the unit tests (temporary databases, a small county), if present.
UNIT_SUPPORT := $(patsubst %.c,build/san/%.o,$(wildcard tests/unit/support.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz-*.c))

OBJ      := $(patsubst %.c,build/obj/%.o,$(LIB_SRC) $(GEN_SRC))
CLI_OBJ  := $(patsubst %.c,build/obj/%.o,$(CLI_SRC))
SAN_OBJ  := $(patsubst %.c,build/san/%.o,$(LIB_SRC) $(GEN_SRC))
UNIT_BIN := $(patsubst tests/unit/%.c,build/san/tests/%,$(UNIT_SRC))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_OBJ := $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC) $(GEN_SRC))

.PHONY: all deps run test unit fuzz fuzz-smoke cli-test e2e bench clean format
# Keep the objects that pattern rules make on the way (make would delete them as intermediate).
.SECONDARY:

all: build/huimin

deps:
	@sh scripts/deps.sh

build/gen/migrations.c: $(MIGRATIONS) scripts/embed-migrations.sh
	@mkdir -p $(@D)
	sh scripts/embed-migrations.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

build/gen/assets.c: $(ASSETS) scripts/embed-assets.sh
	@mkdir -p $(@D)
	sh scripts/embed-assets.sh $(ASSETS) > $@.tmp && mv $@.tmp $@

build/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

build/san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c $< -o $@

build/huimin: $(OBJ) $(CLI_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) -lm

build/san/tests/%: tests/unit/%.c $(SAN_OBJ) $(UNIT_SUPPORT)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -O1 $(SAN) -o $@ $< $(SAN_OBJ) $(UNIT_SUPPORT) $(PKG_LIBS) $(shell pkg-config --libs cmocka) -lm

# libFuzzer targets need clang. The library is compiled once for all of them
# (instrumented for coverage, without libFuzzer's main), each target links it.
FUZZ_FLAGS := $(CSTD) $(INC) $(PKG_CFLAGS) -g -O1
build/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -MMD -MP -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@

build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS) -lm

run: deps build/huimin
	@sh scripts/run.sh

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; done

fuzz-smoke: $(FUZZ_BIN)
	@set -e; for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p build/fuzz/corpus/$$n; \
	  echo "== $$n (smoke)"; $$f -max_total_time=$(or $(SMOKE_SECONDS),8) -rss_limit_mb=2048 \
	  build/fuzz/corpus/$$n tests/fuzz/seeds/$$n 2>build/fuzz/$$n.log || { tail -50 build/fuzz/$$n.log; exit 1; }; done

fuzz: $(FUZZ_BIN)
	@$(MAKE) --no-print-directory fuzz-smoke SMOKE_SECONDS=$(FUZZ_SECONDS)

cli-test: build/huimin
	node --test tests/cli/
	node --test tests/api/

# Screenshots of the main pages land in tests/e2e/screenshots/ (not versioned).
e2e: deps build/huimin
	node --test --test-timeout=120000 tests/e2e/

test: deps
	@$(MAKE) --no-print-directory build/huimin unit fuzz-smoke cli-test e2e

build/bench/%: bench/%.c $(OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(OBJ) $(PKG_LIBS) -lm

bench: deps build/huimin build/bench/gen-roster build/bench/cases build/bench/payments build/bench/targets build/bench/stats build/bench/pdf
	@sh bench/import.sh
	@sh bench/web.sh
	@sh bench/cases.sh
	@sh bench/targets.sh
	@sh bench/payments.sh
	@sh bench/stats.sh
	@sh bench/pdf.sh

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(UNIT_SRC) $(FUZZ_SRC) src/*/*.h

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
