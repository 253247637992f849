# selfdirect build. GNU make with file discovery: every .c under src/ is part of the program, every
# .c under tests/ part of the test binary, so adding a file never means editing a build list
# (see docs/architecture.md, "Why make"). Out-of-tree builds: BUILD=build/asan is the sanitizer build
# used by the tests; build/release is what the demo and benchmarks run.

BUILD    ?= build/release
MODE     ?= $(if $(findstring asan,$(BUILD)),asan,release)
CC       ?= cc
PKGS     := sqlite3 libpq libmicrohttpd jansson libsodium libxml-2.0 xlsxwriter libcrypto

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lcsv -lm -lpthread

WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
            -Wvla -Wnull-dereference -Wimplicit-fallthrough -Werror
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE $(WARN) -Isrc -Itests -I$(BUILD)/gen \
            -fstack-protector-strong -fPIE -MMD -MP $(PKG_CFLAGS) -include src/base/banned.h
ifeq ($(MODE),asan)
  CFLAGS_MODE := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
  LDFLAGS_MODE := -fsanitize=address,undefined
else
  CFLAGS_MODE := -O2 -g -D_FORTIFY_SOURCE=2
  LDFLAGS_MODE :=
endif
CFLAGS   := $(CFLAGS_COMMON) $(CFLAGS_MODE) $(EXTRA_CFLAGS)
LDFLAGS  := -pie -Wl,-z,relro,-z,now $(LDFLAGS_MODE)

MAIN_SRC := src/cli/main.c
LIB_SRC  := $(filter-out $(MAIN_SRC),$(shell find src -name '*.c' | LC_ALL=C sort))
TEST_SRC := $(shell find tests -name '*.c' | LC_ALL=C sort)
ASSETS_BUILT := $(shell scripts/build-assets >&2 && echo ok)
ASSETS   := $(shell find data assets -type f 2>/dev/null | LC_ALL=C sort)

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/assets.o
MAIN_OBJ := $(MAIN_SRC:%.c=$(BUILD)/obj/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/obj/%.o)

.PHONY: all build test demo clean bench fuzz fuzzers
all build: $(BUILD)/selfdirect $(BUILD)/selfdirect-tests

$(BUILD)/selfdirect: $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/selfdirect-tests: $(LIB_OBJ) $(TEST_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# Data files (rates tables, migrations, page assets) are compiled into the binary so that one file
# is the whole program; tools/embed.c writes them out as byte arrays with a lookup table.
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/assets.c: $(BUILD)/tools/embed $(ASSETS)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ $(ASSETS)

$(BUILD)/obj/gen/assets.o: $(BUILD)/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Wno-missing-prototypes -c -o $@ $<

# Fuzz targets (fuzz/fuzz_*.c), built with clang's libFuzzer against a static library of the
# program so each target links only what it uses: `make fuzz` builds them in build/fuzz-asan.
FUZZ_SRC := $(shell find fuzz -maxdepth 1 -name 'fuzz_*.c' 2>/dev/null | LC_ALL=C sort)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)

$(BUILD)/libselfdirect.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/fuzz/%: fuzz/%.c $(BUILD)/libselfdirect.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(BUILD)/libselfdirect.a $(PKG_LIBS)

fuzzers: $(FUZZ_BIN)

fuzz:
	@$(MAKE) --no-print-directory -j2 BUILD=build/fuzz-asan CC=clang EXTRA_CFLAGS=-fsanitize=fuzzer-no-link fuzzers

# The two commands of the README.
test:
	@scripts/install-deps
	@scripts/test

demo:
	@scripts/install-deps
	@$(MAKE) --no-print-directory -j2 BUILD=build/release
	@scripts/demo

bench:
	@scripts/install-deps
	@$(MAKE) --no-print-directory -j2 BUILD=build/release
	@bench/run-all

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
