# winnow: GNU make build.  `make demo` and `make check` set up the machine
# (tools/setup.sh), build, and run; see README.md.

BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share/winnow
MANDIR  ?= $(PREFIX)/share/man

CC      ?= cc
# Linked libraries, by pkg-config name.  libxml2 is compiled against but
# opened at run time by the HTML extractor (src/extract/xmlapi.h): linking
# it would load ICU and libstdc++ into every process.
PKGS    := libutf8proc zlib libzstd libxxhash jansson libpcre2-8 lmdb
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) libxml-2.0 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIBXML2_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libxml-2.0 2>/dev/null)/libxml2.so" 2>/dev/null | sed -n 's/^ *SONAME *//p')

OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes
CFLAGS  ?= $(OPT)
ALL_CFLAGS := -std=c17 $(WARN) $(CFLAGS) -fPIC -pthread -D_DEFAULT_SOURCE \
              -DWN_DATADIR='"$(DATADIR)"' -Iinclude -Isrc $(PKG_CFLAGS)
ifneq ($(LIBXML2_SONAME),)
ALL_CFLAGS += -DWN_LIBXML2_SONAME='"$(LIBXML2_SONAME)"'
endif
ALL_LDFLAGS := $(LDFLAGS) -pthread
LIBS    := $(PKG_LIBS) -lm -ldl

# SAN=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer.
ifeq ($(SAN),1)
ALL_CFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ALL_LDFLAGS += -fsanitize=address,undefined
endif

LIB_SRC  := $(sort $(wildcard src/*/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TESTS    := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_REPLAY := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)

.PHONY: all setup demo check test unit cli-test asan valgrind fuzz fuzz-replay \
        install uninstall clean bench bench-langid

all: $(BUILD)/winnow $(BUILD)/libwinnow.a $(BUILD)/libwinnow.so

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libwinnow.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libwinnow.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libwinnow.so.0 $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/winnow: $(CLI_OBJ) $(BUILD)/libwinnow.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libwinnow.a $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(BUILD)/libwinnow.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -Itests/unit -o $@ $< $(BUILD)/libwinnow.a $(LIBS)

# Fuzz targets built with a plain main() that replays fuzz/corpus/<target>/.
$(BUILD)/fuzz/%: fuzz/%.c fuzz/replay.c $(BUILD)/libwinnow.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< fuzz/replay.c $(BUILD)/libwinnow.a $(LIBS)

setup:
	@sh tools/setup.sh

demo: setup
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(BUILD)

# Everything: plain build + tests, sanitizer build + tests, valgrind on the
# CLI tests, fuzz corpus replay.
check: setup
	@$(MAKE) --no-print-directory all
	@sh tests/run.sh all

test: all $(TESTS) $(FUZZ_REPLAY)
	@sh tests/run.sh plain

unit: $(TESTS)
cli-test: $(BUILD)/winnow
fuzz-replay: $(FUZZ_REPLAY)

# libFuzzer builds (clang): make fuzz, then build-fuzz/fuzz_<target> corpus/
fuzz:
	@mkdir -p build-fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  echo "clang fuzz $$n"; \
	  clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -DWN_DATADIR='"$(DATADIR)"' -Iinclude -Isrc $(PKG_CFLAGS) \
	    -o build-fuzz/$$n $$f $(LIB_SRC) $(LIBS) -pthread || exit 1; done

bench: all
	@sh bench/clean.sh

# Language identification against the fasttext CLI (issue 3).
bench-langid: all
	@sh bench/langid.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) \
	  $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(BUILD)/winnow $(DESTDIR)$(BINDIR)/winnow
	install -m 644 $(BUILD)/libwinnow.a $(DESTDIR)$(LIBDIR)/libwinnow.a
	install -m 755 $(BUILD)/libwinnow.so $(DESTDIR)$(LIBDIR)/libwinnow.so.0
	ln -sf libwinnow.so.0 $(DESTDIR)$(LIBDIR)/libwinnow.so
	install -m 644 include/winnow.h $(DESTDIR)$(INCDIR)/winnow.h
	install -m 644 doc/winnow.1 $(DESTDIR)$(MANDIR)/man1/winnow.1
	cp -r data/. $(DESTDIR)$(DATADIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCDIR@|$(INCDIR)|' \
	  -e 's|@VERSION@|$(shell sed -n 's/.*WN_VERSION_STRING "\(.*\)"/\1/p' include/winnow.h)|' \
	  -e 's|@REQUIRES@|$(PKGS)|' winnow.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/winnow.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/winnow $(DESTDIR)$(LIBDIR)/libwinnow.* \
	  $(DESTDIR)$(INCDIR)/winnow.h $(DESTDIR)$(MANDIR)/man1/winnow.1 \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/winnow.pc
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-tsan build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
