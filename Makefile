# kaiji - build, test, demo, benchmark.
#
#   make            the library (build/libkaiji.a) and the command (build/kaiji)
#   make demo       install what is missing, build, validate samples/
#   make check      build and run every test
#   make check-large the large-file tests (tests/large/: files of hundreds of
#                   MB inflated, generated once into build/tmp/hostile-cache)
#   make asan       the whole test suite under AddressSanitizer + UBSan
#   make bench      the benchmark (see bench/README.md)
#   make bench-serve kaiji serve under concurrent uploads, against kaiji ingest
#   make samples    regenerate samples/ from samples/make_samples.py

CC      ?= cc
PYTHON  ?= /usr/bin/python3
BUILD   ?= build
PKGS    := libxml-2.0 zlib libzip libcjson libutf8proc nettle sqlite3 libpq libcurl xlsxwriter
# Linked: PKGS but libxml2, libcurl, libxlsxwriter, libpq, libsqlite3 and
# libzip, which are loaded when first used (platform/dl.h; model/libxml.h,
# mail/curl.h, report/lxw.h, store/db_pg.c, store/db_sqlite.c,
# parser/libzip.h), as libmicrohttpd and libsodium are (server/): their
# headers give the types at build time, and no command that does not need
# them maps them.  ZIPs are read over zlib (parser/zipsafe.c), SHA-256 and
# Base64 are nettle's: no command maps libcrypto.
LINK_PKGS := $(filter-out libxml-2.0 libcurl xlsxwriter libpq sqlite3 libzip,$(PKGS))

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wvla -Wundef \
           -Wconversion -Wwrite-strings -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) -Iinclude -I. -I$(BUILD) \
           $(shell pkg-config --cflags $(PKGS))
LDLIBS  = $(shell pkg-config --libs $(LINK_PKGS)) $(DEFLATE_LIBS) -ldl -lpthread -lm
# libdeflate inflates a small ZIP part whole at twice zlib's speed (parser/zipsafe.c;
# zlib streams the others); linked static, so no command maps one more shared
# object.  Optional: without libdeflate-dev zlib reads every part.
ifeq ($(shell pkg-config --exists libdeflate && echo yes),yes)
ALL_CFLAGS += -DKAIJI_HAVE_LIBDEFLATE
DEFLATE_LIBS := -l:libdeflate.a
DEFLATE_PKG := libdeflate
endif
# The command (build/kaiji) links nettle, utf8proc and zlib statically, from
# the .a files of their Debian -dev packages: each shared object costs every
# start its mapping, and libnettle alone about 550 symbol look-ups (its own
# R_X86_64_64 and BIND_NOW relocations), a seventh of a one-file validate
# (bench/README.md, "Start-up: the link").  The objects they bring are only
# those kaiji calls (SHA-256, Base64, NFKC, inflate, CRC-32); libxml2,
# libzip, libcurl, loaded on first use, map their own shared copies.  The
# library (libkaiji.so, libkaiji.a) and the tests link them as shared
# libraries; STATIC_PKGS= does so for the command too.  No libm: --as-needed
# drops it while nothing calls it (tests/test_platform.c).
STATIC_PKGS ?= nettle libutf8proc zlib
BSTATIC  := -Wl,-Bstatic
BDYNAMIC := -Wl,-Bdynamic
CLI_LDLIBS = $(shell pkg-config --libs $(filter-out $(STATIC_PKGS),$(LINK_PKGS))) \
             $(if $(strip $(STATIC_PKGS)),$(BSTATIC) $(shell pkg-config --libs $(STATIC_PKGS)) $(BDYNAMIC)) \
             $(DEFLATE_LIBS) -ldl -lpthread -Wl,--as-needed -lm -Wl,--no-as-needed

# platform/windows.c is the Windows build's (make windows), never Linux's.
PLATFORM_SRC := $(filter-out platform/windows.c,$(sort $(wildcard platform/*.c)))
LIB_SRC := $(PLATFORM_SRC) $(sort $(wildcard base/*.c model/*.c text/*.c catalog/*.c parser/*.c validator/*.c store/*.c mail/*.c fetch/*.c report/*.c))
# The server (libmicrohttpd) is part of the command, not of the library.
SERVER_SRC := $(sort $(wildcard server/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c))
TEST_SRC:= $(sort $(wildcard tests/test_*.c))
LARGE_SRC:= $(sort $(wildcard tests/large/test_*.c))
PO_LANGS:= $(sort $(basename $(notdir $(wildcard po/*.po))))
MO_FILES:= $(PO_LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/kaiji.mo)
DATA    := $(sort $(wildcard formats/catalogs/*.json formats/vocab/*.json formats/schema/* formats/report/* formats/serve/*))

# The library but the catalogs parsed at build time (catalog/prebuilt.h),
# which tools/prebuild_catalogs makes by linking these.
LIB_STAGE_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/formats/embedded.o
LIB_OBJ := $(LIB_STAGE_OBJ) $(BUILD)/formats/prebuilt.o
CLI_OBJ := $(SERVER_SRC:%.c=$(BUILD)/%.o) $(CLI_SRC:%.c=$(BUILD)/%.o)
TESTS   := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
LARGE_TESTS := $(LARGE_SRC:tests/%.c=$(BUILD)/tests/%)
SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
SUPPORT_OBJ := $(SUPPORT_SRC:%.c=$(BUILD)/%.o)

# A quiet build: one line a step; V=1 prints the whole commands.
V ?= 0
ifeq ($(V),1)
Q :=
say =
else
Q := @
say = printf '  %-6s %s\n' '$(1)' '$(2)';
endif

.PHONY: all check check-only check-pg check-large asan demo demo-serve bench bench-serve bench-store samples clean deps fuzz pot golden
all: $(BUILD)/libkaiji.a $(BUILD)/kaiji $(MO_FILES)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# The catalogs, vocabularies and schemas in formats/ are compiled in.
$(BUILD)/formats/embedded.c: formats/embed.sh $(DATA)
	@mkdir -p $(dir $@)
	$(Q)$(call say,EMBED,$@)sh formats/embed.sh $(DATA) > $@

$(BUILD)/formats/embedded.o: $(BUILD)/formats/embedded.c
	$(Q)$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -c $< -o $@

# The built-in catalogs parsed once, at build time, by the library's own
# loader (a malformed one fails the build) and linked in as C data
# (catalog/prebuilt.h): no command parses and frees their JSON at start-up.
$(BUILD)/tools/libkaiji-stage.a: $(LIB_STAGE_OBJ)
	$(Q)$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/tools/prebuild_catalogs: $(BUILD)/tools/prebuild_catalogs.o $(BUILD)/tools/catalog_dump.o $(BUILD)/tools/libkaiji-stage.a
	$(Q)$(call say,LINK,$@)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/formats/prebuilt.c: $(BUILD)/tools/prebuild_catalogs
	$(Q)$(call say,GEN,$@)$< > $@.tmp && mv $@.tmp $@

$(BUILD)/formats/prebuilt.o: $(BUILD)/formats/prebuilt.c
	$(Q)$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libkaiji.a: $(LIB_OBJ)
	$(Q)$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/kaiji: $(CLI_OBJ) $(BUILD)/libkaiji.a
	$(Q)$(call say,LINK,$@)$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libkaiji.a $(CLI_LDLIBS)

$(SERVER_SRC:%.c=$(BUILD)/%.o) $(BUILD)/cli/user.o: ALL_CFLAGS += $(shell pkg-config --cflags libmicrohttpd libsodium)

# Test-only hooks (an ingest that waits or pauses where a test needs it) are
# compiled only into a second command, build/kaiji-test, that the tests run
# where they need one; build/kaiji, the command installed, has none.
HOOK_SRC := cli/ingest.c
HOOK_OBJ := $(HOOK_SRC:%.c=$(BUILD)/hooks/%.o)
TEST_CLI_OBJ := $(filter-out $(HOOK_SRC:%.c=$(BUILD)/%.o),$(CLI_OBJ)) $(HOOK_OBJ)

$(BUILD)/hooks/%.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(call say,CC,$< (test hooks))$(CC) $(ALL_CFLAGS) -DKAIJI_TEST_HOOKS -MMD -MP -c $< -o $@

$(BUILD)/kaiji-test: $(TEST_CLI_OBJ) $(BUILD)/libkaiji.a
	$(Q)$(call say,LINK,$@)$(CC) $(ALL_CFLAGS) -o $@ $(TEST_CLI_OBJ) $(BUILD)/libkaiji.a $(CLI_LDLIBS)

# Messages: po/kaiji.pot is made by xgettext from the sources (make pot),
# po/<lang>.po are the translations, compiled into build/locale by make.
$(BUILD)/locale/%/LC_MESSAGES/kaiji.mo: po/%.po
	@mkdir -p $(dir $@)
	$(Q)$(call say,MSGFMT,$<)msgfmt --check -o $@ $<

POT ?= po/kaiji.pot
pot:
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
	  --flag=_:1:pass-c-format --flag=N_:1:pass-c-format \
	  --flag=kaiji_document_add_finding:6:c-format --flag=kaiji_document_fail:3:c-format \
	  --flag=cli_error:1:c-format --flag=add:6:c-format \
	  --add-comments=TRANSLATORS: --package-name=kaiji --msgid-bugs-address=kaiji@localhost \
	  -o $(POT) $(LIB_SRC) $(SERVER_SRC) $(CLI_SRC)

$(BUILD)/cli/main.o: ALL_CFLAGS += -DKAIJI_LOCALEDIR='"$(LOCALEDIR)"'
$(BUILD)/tests/test_i18n $(BUILD)/tests/test_japanese: $(MO_FILES)

TEST_DEFS = -DKAIJI_SOURCE_DIR='"$(CURDIR)"' -DKAIJI_BUILD_DIR='"$(abspath $(BUILD))"'

$(BUILD)/tests/support/%.o: tests/support/%.c
	@mkdir -p $(dir $@)
	$(Q)$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -Wno-write-strings $(TEST_DEFS) -MMD -MP -c $< -o $@

$(BUILD)/tests/libsupport.a: $(SUPPORT_OBJ)
	$(Q)$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/tests/%: tests/%.c $(BUILD)/tests/libsupport.a $(BUILD)/libkaiji.a $(BUILD)/kaiji $(BUILD)/kaiji-test
	@mkdir -p $(dir $@)
	$(Q)$(call say,TEST,$<)$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Wno-write-strings $(TEST_DEFS) -MMD -MP -o $@ $< \
	  $(TEST_LINK) $(BUILD)/tests/libsupport.a $(BUILD)/libkaiji.a $(LDLIBS) $(TEST_LIBS) -lcriterion

# The tests drive kaiji serve and a mock SMTP server with libcurl themselves,
# read a store's file with SQLite, check kaiji's XML against its XSD with
# libxml2 (tests/test_exchange.c), build and read ZIPs with libzip and check
# SHA-256 and Base64 against libcrypto's.
TEST_LIBS = $(shell pkg-config --libs libcurl sqlite3 libxml-2.0 libzip libcrypto)

# The catalogs' tests compare each prebuilt catalog with its JSON parsed.
$(BUILD)/tests/test_catalog: $(BUILD)/tools/catalog_dump.o
$(BUILD)/tests/test_catalog: TEST_LINK = $(BUILD)/tools/catalog_dump.o

# The tokenizer's tests count the tags its plain path takes (a test hook):
# they link its copy built with the hooks before the library, whose own
# (without them) is then not pulled in.
$(BUILD)/tests/test_ooxml_tok: $(BUILD)/hooks/parser/ooxml_tok.o
$(BUILD)/tests/test_ooxml_tok: TEST_LINK = $(BUILD)/hooks/parser/ooxml_tok.o
$(BUILD)/tests/test_ooxml_tok: TEST_DEFS += -DKAIJI_TEST_HOOKS

# The watched folder's tests drive the watcher itself, one look at a time.
$(BUILD)/tests/test_watch: $(BUILD)/server/watch.o
$(BUILD)/tests/test_watch: TEST_LINK = $(BUILD)/server/watch.o

# Every test binary runs, even after one fails; the last line sums them up.
check:
	@sh tools/install-deps.sh --tests
	@$(MAKE) --no-print-directory check-only

# The tests alone, on a machine that already has what they need.
check-only: all $(TESTS)
	@sh tests/run-all.sh $(TESTS)

# The store's tests a second time, on PostgreSQL: a private cluster
# (tools/pg-test.sh) started for the run and stopped after it; each test gets
# a schema of its own (KAIJI_TEST_DB, tests/support/store.c).
PG_TESTS := $(addprefix $(BUILD)/tests/,test_store test_ingest test_register test_status \
              test_owing test_folders test_html test_xlsx_out test_names test_serve \
              test_serve_pages test_serve_reports test_serve_sites test_serve_dash test_serve_audit test_vendor \
              test_watch test_fetch test_remind test_hostile_remind test_progress test_pg)
check-pg: all $(PG_TESTS)
	@uri=$$(sh tools/pg-test.sh start) && \
	  KAIJI_TEST_DB="$$uri" sh tests/run-all.sh $(PG_TESTS); rc=$$?; \
	  sh tools/pg-test.sh stop; exit $$rc

# The large-file tests, apart: they generate (once) and read files that
# inflate to hundreds of MB (tests/large/, tests/hostile/README.md).
check-large: all $(LARGE_TESTS)
	@sh tests/run-all.sh $(LARGE_TESTS)

asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" check

# Installs what kaiji needs to run (not what the tests need), builds, and
# shows in Japanese what a clerk would see.  Exit status 1 from kaiji is
# expected: some samples are flawed on purpose.  The register (samples/register)
# is imported as a register, never validated as a disclosure.
# The demo writes, under build/demo/: report.html (the validation report),
# kaiji.db (the samples' register and submissions), status.html and
# status.xlsx (contract by contract), and checklist-draft.xlsx (the hospital's
# checklist filled from the vendors', with the answers only the hospital can
# give).
DEMO_ASOF := 2026-11-26
DEMO_DOCS := samples/checklist samples/mds-sds samples/mds2 samples/exchange \
             samples/layouts samples/template samples/other samples/broken
DEMO_KAIJI := LANG=ja_JP.UTF-8 LANGUAGE= ./$(BUILD)/kaiji
demo:
	@sh tools/install-deps.sh
	@$(MAKE) --no-print-directory all
	@rm -rf $(BUILD)/demo && mkdir -p $(BUILD)/demo
	$(DEMO_KAIJI) validate --as-of $(DEMO_ASOF) $(DEMO_DOCS); test $$? -le 1
	$(DEMO_KAIJI) validate --as-of $(DEMO_ASOF) --format html $(DEMO_DOCS) > $(BUILD)/demo/report.html; test $$? -le 1
	$(DEMO_KAIJI) register import --db $(BUILD)/demo/kaiji.db samples/register/contracts.csv
	$(DEMO_KAIJI) ingest --db $(BUILD)/demo/kaiji.db --as-of $(DEMO_ASOF) $(DEMO_DOCS) > /dev/null; test $$? -le 1
	$(DEMO_KAIJI) status --db $(BUILD)/demo/kaiji.db --as-of $(DEMO_ASOF); test $$? -le 1
	$(DEMO_KAIJI) status --db $(BUILD)/demo/kaiji.db --as-of $(DEMO_ASOF) --format html > $(BUILD)/demo/status.html; test $$? -le 1
	$(DEMO_KAIJI) status --db $(BUILD)/demo/kaiji.db --as-of $(DEMO_ASOF) --format xlsx -o $(BUILD)/demo/status.xlsx; test $$? -le 1
	$(DEMO_KAIJI) checklist draft --db $(BUILD)/demo/kaiji.db --as-of $(DEMO_ASOF) \
	  --answer 3②=はい --answer 3③=はい --target-date 2⑤=2026-03-31 -o $(BUILD)/demo/checklist-draft.xlsx
	$(DEMO_KAIJI) validate --as-of $(DEMO_ASOF) $(BUILD)/demo/checklist-draft.xlsx
	@echo "demo: build/demo/ に report.html、status.html、status.xlsx、checklist-draft.xlsx を作りました"
	@echo "demo: ブラウザーで見るには make demo-serve（止めるには Ctrl+C）"

# kaiji serve on the demo's store, as of the demo's date.
demo-serve:
	@test -f $(BUILD)/demo/kaiji.db || $(MAKE) --no-print-directory demo
	$(DEMO_KAIJI) serve --db $(BUILD)/demo/kaiji.db --as-of $(DEMO_ASOF)

deps:
	@sh tools/install-deps.sh --tests

samples:
	$(PYTHON) samples/make_samples.py samples

# The JSON result of every sample, kept to show that a change meant to keep
# behaviour did (tests/test_golden.c compares); regenerate it when a change
# means to alter a result, and read the diff.
GOLDEN_ASOF := 2026-11-26
golden: all
	LC_ALL=C.UTF-8 LANGUAGE= ./$(BUILD)/kaiji validate --format json -j 1 --as-of $(GOLDEN_ASOF) samples/ \
	  | $(PYTHON) -m json.tool --indent 1 --no-ensure-ascii > tests/samples-golden.json; \
	  test -s tests/samples-golden.json

bench: all
	@sh bench/run.sh $(BUILD)

# kaiji serve under load (bench/README.md): concurrent clients uploading the
# bench corpus on loopback, against kaiji ingest of the same files.  Not in
# make check.
bench-serve: all $(BUILD)/bench/bench_serve
	@sh bench/run_serve.sh $(BUILD)

$(BUILD)/bench/bench_serve: bench/bench_serve.c
	@mkdir -p $(dir $@)
	$(Q)$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS) $(TEST_LIBS)

# The store with a synthetic hospital group on SQLite and PostgreSQL
# (bench/store.sh; BENCH_SITES, BENCH_CONTRACTS: the size, 100 × 200 in full).
$(BUILD)/bench/store_bench: bench/store_bench.c $(BUILD)/libkaiji.a
	@mkdir -p $(dir $@)
	$(Q)$(call say,LINK,$@)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libkaiji.a $(LDLIBS)
bench-store: all $(BUILD)/bench/store_bench
	@sh bench/store.sh $(BUILD)

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(BUILD)/tools/prebuild_catalogs.d $(BUILD)/tools/catalog_dump.d $(CLI_OBJ:.o=.d) $(HOOK_OBJ:.o=.d) $(BUILD)/hooks/parser/ooxml_tok.d $(SUPPORT_OBJ:.o=.d) $(TESTS:=.d)

# ---------------------------------------------------------------------------
# make fuzz: libFuzzer harnesses (tests/fuzz/README.md).  The library is built
# again with clang, ASan and UBSan into build-fuzz/; each harness is seeded
# from samples/ and from small files made by tests/fuzz/make_corpus.py, runs
# for FUZZ_SECONDS, and any crash, leak, timeout or sanitizer report fails
# the target.  Clang warns where gcc does not: its warnings do not stop a
# fuzz build.  libxml2 is linked for a target that compares kaiji's readers
# with it (the library itself loads it on first use, model/libxml.h).
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build-fuzz
FUZZ_NAMES   := xlsx ods xml json read register xtok zip
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz/fuzz_%)
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  := -O2 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link -Wno-error

.PHONY: fuzz-bins
fuzz:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="$(FUZZ_CFLAGS)" \
	  $(FUZZ_BUILD)/libkaiji.a $(FUZZ_BUILD)/kaiji fuzz-bins
	@sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-bins: $(FUZZ_BINS)

$(FUZZ_BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c \
    tests/fuzz/fuzz_common.h $(FUZZ_BUILD)/libkaiji.a
	@mkdir -p $(dir $@)
	clang -std=c11 -D_DEFAULT_SOURCE $(WARN) -Wno-error -O2 -g $(FUZZ_SAN) -fsanitize=fuzzer \
	  -Iinclude -I. $(shell pkg-config --cflags $(PKGS)) -o $@ $< tests/fuzz/fuzz_common.c \
	  $(FUZZ_BUILD)/libkaiji.a $(LDLIBS) $(shell pkg-config --libs libxml-2.0 libzip)

# make valgrind: the test suite and the command under valgrind memcheck.
.PHONY: valgrind
valgrind: all $(TESTS)
	@sh tools/valgrind.sh $(BUILD) $(TESTS)

# ---------------------------------------------------------------------------
# The shared library and make install / make uninstall.
#
#   make install [PREFIX=/usr/local] [DESTDIR=/tmp/stage]
#
# installs bin/kaiji, lib/libkaiji.{a,so.X.Y.Z,so.X,so}, include/kaiji.h and
# include/kaiji/*.h, share/man/man1/kaiji.1 and lib/pkgconfig/libkaiji.pc.
# The library objects are built with -fPIC, once, for both libraries;
# libkaiji.so exports only the functions include/ declares (tools/exports.sh
# writes the version script), its soname is libkaiji.so.MAJOR.
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
LOCALEDIR  ?= $(PREFIX)/share/locale
INSTALL    ?= install

KAIJI_VERSION := $(shell sed -n 's/^\#define KAIJI_VERSION_STRING "\(.*\)"/\1/p' include/kaiji/common.h)
SO_NAME    := libkaiji.so.$(firstword $(subst ., ,$(KAIJI_VERSION)))
SO_FILE    := libkaiji.so.$(KAIJI_VERSION)
PUBLIC_H   := include/kaiji.h $(sort $(wildcard include/kaiji/*.h))

.PHONY: install uninstall deb

# make deb: build/kaiji_VERSION_ARCH.deb (the command for /usr, its messages,
# the man page, the systemd unit of kaiji serve); tools/make-deb.sh.
deb:
	@STATIC_PKGS='$(STATIC_PKGS)' DEB_STATIC_PKGS='$(STATIC_PKGS) $(DEFLATE_PKG)' sh tools/make-deb.sh $(BUILD) $(KAIJI_VERSION)
all: $(BUILD)/$(SO_FILE)

# The stamp rebuilds, once, objects a build tree made before -fPIC.
$(LIB_OBJ): ALL_CFLAGS += -fPIC
$(LIB_OBJ): $(BUILD)/.pic-objects
$(BUILD)/.pic-objects:
	@mkdir -p $(dir $@)
	@touch $@

$(BUILD)/libkaiji.map: tools/exports.sh $(PUBLIC_H)
	@mkdir -p $(dir $@)
	{ echo '{'; echo '  global:'; sh tools/exports.sh '$(CC)' $(PUBLIC_H) | sed 's/.*/    &;/'; \
	  echo '  local: *;'; echo '};'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/$(SO_FILE): $(LIB_OBJ) $(BUILD)/libkaiji.map
	$(Q)$(call say,LINK,$@)$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,$(SO_NAME) -Wl,--version-script=$(BUILD)/libkaiji.map \
	  -Wl,-z,defs -o $@ $(LIB_OBJ) $(LDLIBS)

install: all
	$(INSTALL) -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(LIBDIR)/pkgconfig' \
	  '$(DESTDIR)$(INCLUDEDIR)/kaiji' '$(DESTDIR)$(MANDIR)/man1'
	$(INSTALL) -m 755 $(BUILD)/kaiji '$(DESTDIR)$(BINDIR)/kaiji'
	$(INSTALL) -m 644 $(BUILD)/libkaiji.a '$(DESTDIR)$(LIBDIR)/libkaiji.a'
	$(INSTALL) -m 755 $(BUILD)/$(SO_FILE) '$(DESTDIR)$(LIBDIR)/$(SO_FILE)'
	ln -sf $(SO_FILE) '$(DESTDIR)$(LIBDIR)/$(SO_NAME)'
	ln -sf $(SO_NAME) '$(DESTDIR)$(LIBDIR)/libkaiji.so'
	$(INSTALL) -m 644 include/kaiji.h '$(DESTDIR)$(INCLUDEDIR)/kaiji.h'
	$(INSTALL) -m 644 $(filter include/kaiji/%,$(PUBLIC_H)) '$(DESTDIR)$(INCLUDEDIR)/kaiji/'
	$(INSTALL) -m 644 docs/kaiji.1 '$(DESTDIR)$(MANDIR)/man1/kaiji.1'
	sed -e 's|@PREFIX@|$(PREFIX)|' \
	    -e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
	    -e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|' \
	    -e 's|@VERSION@|$(KAIJI_VERSION)|' -e 's|@REQUIRES_PRIVATE@|$(PKGS) $(DEFLATE_PKG)|' \
	    libkaiji.pc.in > '$(DESTDIR)$(LIBDIR)/pkgconfig/libkaiji.pc'
	chmod 644 '$(DESTDIR)$(LIBDIR)/pkgconfig/libkaiji.pc'
	for l in $(PO_LANGS); do \
	  $(INSTALL) -d "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES" && \
	  $(INSTALL) -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/kaiji.mo "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kaiji.mo"; \
	done
	@if [ -z '$(DESTDIR)' ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then \
	  echo ldconfig; ldconfig; fi

uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/kaiji' '$(DESTDIR)$(LIBDIR)/libkaiji.a' \
	  '$(DESTDIR)$(LIBDIR)/$(SO_FILE)' '$(DESTDIR)$(LIBDIR)/$(SO_NAME)' \
	  '$(DESTDIR)$(LIBDIR)/libkaiji.so' '$(DESTDIR)$(LIBDIR)/pkgconfig/libkaiji.pc' \
	  '$(DESTDIR)$(INCLUDEDIR)/kaiji.h' '$(DESTDIR)$(MANDIR)/man1/kaiji.1' \
	  $(PO_LANGS:%='$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/kaiji.mo') \
	  $(patsubst include/%,'$(DESTDIR)$(INCLUDEDIR)/%',$(filter include/kaiji/%,$(PUBLIC_H)))
	-rmdir '$(DESTDIR)$(INCLUDEDIR)/kaiji' 2>/dev/null

# The install test installs into a temporary DESTDIR and builds docs/example.c
# against it with the same CFLAGS (sanitizers included); the progress test
# links cli/progress.o and opens a pseudo-terminal.
$(BUILD)/tests/test_install: $(BUILD)/$(SO_FILE)
$(BUILD)/tests/test_platform: private TEST_DEFS += -DKAIJI_STATIC_PKGS='" $(strip $(STATIC_PKGS)) "'
$(BUILD)/tests/test_install: private TEST_DEFS += -DKAIJI_TEST_CFLAGS='"$(CFLAGS)"' -DKAIJI_TEST_CC='"$(CC)"'
$(BUILD)/tests/test_progress: $(BUILD)/cli/progress.o
$(BUILD)/tests/test_progress: private LDLIBS += $(BUILD)/cli/progress.o $(BUILD)/libkaiji.a -lutil

# ---------------------------------------------------------------------------
# make windows: kaiji for Windows x64 (issue 14), cross-compiled with
# Debian's mingw-w64 into build/windows/kaiji-VERSION-win64.zip.
#
#   make windows          what it needs from Debian (install-deps.sh --windows),
#                         the libraries from Debian's source packages (once,
#                         tools/build-windows.sh), kaiji.exe, the zip
#   make check-windows    kaiji.exe under wine64 (tests/windows/run.sh)
#   make windows-tests    the Criterion suites under wine64 (below)
#
# Every kaiji source is compiled with platform/windows/compat.h included
# first (the POSIX functions the code calls, made of Windows' own) and
# platform/windows.c linked in; the libraries are static, so kaiji.exe
# needs no DLL (KAIJI_DL_LINKED: the tables of the libraries Linux loads on
# first use, platform/dl.h, are filled from the linked functions).  kaiji
# serve is in it (libmicrohttpd without HTTPS, libsodium minimal).
WIN_HOST    := x86_64-w64-mingw32
WIN_CC      := $(WIN_HOST)-gcc
WIN_BUILD   := $(BUILD)/windows
WIN_DEPS    := $(WIN_BUILD)/deps
WIN_OBJDIR  := $(WIN_BUILD)/obj
WIN_CFLAGS  := -std=c11 -D_DEFAULT_SOURCE -D__USE_MINGW_ANSI_STDIO=1 -D_WIN32_WINNT=0x0A00 \
               $(WARN) -Wno-conversion -Wno-format -O2 -Iinclude -I. -I$(BUILD) -Iplatform/windows \
               -isystem $(WIN_DEPS)/include -isystem $(WIN_DEPS)/include/libxml2 \
               -DLIBXML_STATIC -DUTF8PROC_STATIC -DCURL_STATICLIB -DSODIUM_STATIC \
               -include platform/windows/compat.h -DKAIJI_DL_LINKED
WIN_LDLIBS  := -L$(WIN_DEPS)/lib -lmicrohttpd -lsodium -lxlsxwriter -lcurl -lzip -lxml2 \
               -lsqlite3 -lcjson -lutf8proc \
               -lintl -lz -lbcrypt -lws2_32 -lcrypt32 -lsecur32 -liphlpapi -ladvapi32 \
               -lshell32 -static -lpthread
WIN_CLI_SRC := $(SERVER_SRC) $(CLI_SRC)
WIN_SRC     := platform/windows.c $(filter-out $(PLATFORM_SRC),$(LIB_SRC)) $(WIN_CLI_SRC)
WIN_OBJ     := $(WIN_SRC:%.c=$(WIN_OBJDIR)/%.o) $(WIN_OBJDIR)/formats/embedded.o \
               $(WIN_OBJDIR)/formats/prebuilt.o
WIN_EXE     := $(WIN_BUILD)/kaiji.exe
WIN_ZIP     := $(WIN_BUILD)/kaiji-$(KAIJI_VERSION)-win64.zip
WIN_STAMP   := $(WIN_DEPS)/.all-built

.PHONY: windows windows-deps check-windows
windows: $(WIN_ZIP)

windows-deps $(WIN_STAMP): tools/build-windows.sh
	@sh tools/install-deps.sh --windows
	@sh tools/build-windows.sh $(WIN_BUILD)
	@touch $(WIN_STAMP)

$(WIN_OBJDIR)/%.o: %.c $(WIN_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(call say,WINCC,$<)$(WIN_CC) $(WIN_CFLAGS) -MMD -MP -c $< -o $@

$(WIN_OBJDIR)/formats/embedded.o: $(BUILD)/formats/embedded.c $(WIN_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(call say,WINCC,$<)$(WIN_CC) $(WIN_CFLAGS) -c $< -o $@

# Made by the Linux build's generator: C data, the same on both.
$(WIN_OBJDIR)/formats/prebuilt.o: $(BUILD)/formats/prebuilt.c $(WIN_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(call say,WINCC,$<)$(WIN_CC) $(WIN_CFLAGS) -c $< -o $@

$(WIN_EXE): $(WIN_OBJ)
	$(Q)$(call say,LINK,$@)$(WIN_CC) -o $@ $(WIN_OBJ) $(WIN_LDLIBS)

$(WIN_ZIP): $(WIN_EXE) $(BUILD)/kaiji $(MO_FILES) tools/package-windows.sh packaging/windows/check.bat docs/windows-guide-ja.md
	@sh tools/package-windows.sh $(WIN_BUILD) $(KAIJI_VERSION) $(BUILD)

check-windows: $(WIN_ZIP)
	@sh tests/windows/run.sh $(WIN_BUILD) $(BUILD)

-include $(WIN_OBJ:.o=.d)

# make windows-tests: the Criterion suites that need no Linux service (no
# fork, pty, /proc, loopback server or the Linux kaiji command), compiled
# for Windows against the same objects as kaiji.exe and run, each, under
# wine64 (tests/windows/run-suites.sh).  Which suites run, and why each
# other is left out: tests/windows/suites.txt, the one list.  Criterion
# itself and what it needs (BoxFort, nanomsg, nanopb) are built once from
# Debian's source packages (tools/build-windows.sh --tests).
WIN_SUITES      := tests/windows/suites.txt
WIN_TEST_NAMES  := $(shell sed -n 's/^run[[:space:]]\{1,\}\([a-z0-9_]*\).*/test_\1/p' $(WIN_SUITES))
WIN_TESTS       := $(WIN_TEST_NAMES:%=$(WIN_BUILD)/tests/%.exe)
WIN_TEST_STAMP  := $(WIN_DEPS)/.criterion-built
WIN_LIB_OBJ     := $(filter-out $(WIN_CLI_SRC:%.c=$(WIN_OBJDIR)/%.o),$(WIN_OBJ))
# tests/support/ but its loopback servers (serve.c, server.c, mail.c) and
# what starts processes (process.c), whose Windows version skips the test
# that calls it, with the reason (tests/windows/process.c).
WIN_SUPPORT_SRC := $(filter-out $(addprefix tests/support/,serve.c server.c mail.c process.c),\
                     $(SUPPORT_SRC)) tests/windows/process.c
WIN_SUPPORT_OBJ := $(WIN_SUPPORT_SRC:%.c=$(WIN_OBJDIR)/%.o)
# Criterion's header marks its functions dllimport unless it builds its DLL:
# the static library is linked, so the tests say they build it.
WIN_TEST_CFLAGS := $(WIN_CFLAGS) -DCRITERION_BUILDING_DLL=1 -Wno-missing-prototypes \
                   -Wno-write-strings $(TEST_DEFS)
WIN_TEST_LIBS   := -L$(WIN_DEPS)/lib -lcriterion -lboxfort -lnanomsg -lprotobuf-nanopb \
                   $(WIN_LDLIBS) -lmswsock -lpsapi

.PHONY: windows-tests windows-tests-deps
windows-tests: $(WIN_TESTS) $(BUILD)/kaiji $(MO_FILES)
	@sh tests/windows/run-suites.sh $(WIN_BUILD) $(WIN_TESTS)

windows-tests-deps $(WIN_TEST_STAMP): $(WIN_STAMP)
	@sh tools/install-deps.sh --windows
	@sh tools/build-windows.sh $(WIN_BUILD) --tests
	@touch $(WIN_TEST_STAMP)

$(WIN_OBJDIR)/tests/%.o: tests/%.c $(WIN_TEST_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(call say,WINCC,$<)$(WIN_CC) $(WIN_TEST_CFLAGS) -MMD -MP -c $< -o $@

# The catalogs' tests compare each prebuilt catalog with its JSON parsed.
$(WIN_BUILD)/tests/test_catalog.exe: $(WIN_OBJDIR)/tools/catalog_dump.o
$(WIN_BUILD)/tests/test_catalog.exe: WIN_TEST_LINK = $(WIN_OBJDIR)/tools/catalog_dump.o

# The watched folder's tests drive the watcher itself (as on Linux).
$(WIN_BUILD)/tests/test_watch.exe: $(WIN_OBJDIR)/server/watch.o
$(WIN_BUILD)/tests/test_watch.exe: WIN_TEST_LINK = $(WIN_OBJDIR)/server/watch.o

$(WIN_BUILD)/tests/libsupport.a: $(WIN_SUPPORT_OBJ)
	@mkdir -p $(dir $@)
	$(Q)$(call say,AR,$@)rm -f $@ && $(WIN_HOST)-ar rcs $@ $^

$(WIN_BUILD)/tests/%.exe: tests/%.c $(WIN_BUILD)/tests/libsupport.a $(WIN_LIB_OBJ) $(WIN_TEST_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(call say,WINTEST,$<)$(WIN_CC) $(WIN_TEST_CFLAGS) -MMD -MP -o $@ $< \
	  $(WIN_TEST_LINK) $(WIN_BUILD)/tests/libsupport.a $(WIN_LIB_OBJ) $(WIN_TEST_LIBS)

-include $(WIN_SUPPORT_OBJ:.o=.d) $(WIN_TESTS:.exe=.d)
