# patronat — build, test, install. `make run` and `make test` are the two commands of a new machine.
VERSION  := 0.1.0
BUILD    ?= build
CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
OPT      ?= -O2 -g
SAN      ?=
CFLAGS   := -std=c11 $(WARN) $(OPT) $(SAN) -Isrc $(XML_CFLAGS) -DPATRONAT_VERSION='"$(VERSION)"' -MMD -MP
LDLIBS   := -lhpdf -lcsv -lhyphen -lunistring -lzip -lqrencode $(XML_LIBS) -lnettle -lz -lm
WEB_LIBS := -lmicrohttpd -lpthread
LDFLAGS  := $(SAN)

LIB_SRC  := $(sort $(filter-out src/cli/% src/web/%,$(wildcard src/*/*.c)))
# the program: the command line and the local web page (src/web), both clients of the library
WEB_SRC  := $(sort $(wildcard src/web/*.c))
WEB_ASSETS := $(sort $(wildcard src/web/assets/*))
CLI_SRC  := src/cli/main.c $(WEB_SRC)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# the message catalogues (po/<lang>.po), compiled into the build tree as gettext looks for them
PO_LANGS := ru
MO_FILES := $(PO_LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/patronat.mo)

# Debian packages the project needs (libraries, fonts, hyphenation, the PDF tools of the tests)
DEB_PKGS := gcc make pkg-config libhpdf-dev zlib1g-dev nettle-dev libxml2-dev libcsv-dev libhyphen-dev hyphen-ru \
            libunistring-dev fonts-liberation2 fonts-dejavu-core poppler-utils qpdf python3 bc file bsdutils \
            libmicrohttpd-dev libzip-dev libqrencode-dev xxd curl gettext locales
# Packages only the browser test (tests/e2e/web.sh), the shards over GNU parallel
# (tests/e2e/shard.sh) and the QR decoding (tests/e2e/qr.sh) need: `make deps-test`, or the
# test itself
TEST_PKGS := chromium chromium-driver python3-selenium parallel zbar-tools
FONT_SRC := /usr/share/fonts/truetype/liberation2 /usr/share/fonts/truetype/dejavu

.PHONY: all deps deps-test fonts run test alloc-test asan valgrind fuzz fuzz-build install clean pot po
all: $(BUILD)/patronat $(MO_FILES)

$(BUILD)/patronat: $(CLI_OBJ) $(BUILD)/libpatronat.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(WEB_LIBS)

# The page's files (HTML, CSS, JS) compiled into the program as C arrays (xxd -i)
$(BUILD)/web/assets.h: $(WEB_ASSETS)
	@mkdir -p $(dir $@)
	( for f in $(WEB_ASSETS); do (cd $$(dirname $$f) && xxd -i $$(basename $$f)); done ) \
	  | sed 's/^unsigned/static const unsigned/' >$@.tmp && mv $@.tmp $@
$(BUILD)/src/web/assets.o: $(BUILD)/web/assets.h
$(BUILD)/src/web/assets.o: CFLAGS += -I$(BUILD)/web

$(BUILD)/libpatronat.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libpatronat.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libpatronat.a $(LDLIBS)

# The failing-allocation build of the program (tests/e2e/alloc.sh): xalloc.c compiled with
# -DPT_ALLOC_FAIL, linked ahead of the library so that it takes the place of the usual one.
$(BUILD)/alloc/xalloc.o: src/util/xalloc.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DPT_ALLOC_FAIL -c -o $@ $<

$(BUILD)/patronat-allocfail: $(CLI_OBJ) $(BUILD)/alloc/xalloc.o $(BUILD)/libpatronat.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(WEB_LIBS)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(BUILD)/alloc/xalloc.d

# ---- messages (GNU gettext): English in the sources, po/<lang>.po the translations ----
# Every message reaches the user through diag_add/diag_add_at (the problems), run_fail (why
# a run failed) or the clients' _() and P_() (src/util/i18n.h), so xgettext needs only these
# keywords. `make po` re-extracts into $(BUILD)/patronat.pot and merges it into each po/<lang>.po
# (then translate what it marks untranslated or fuzzy: `make test` fails until none is left).
POT_SRC  := $(sort $(wildcard src/*/*.c src/*/*.h))
XGETTEXT_OPTS := --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: --no-wrap \
  --package-name=patronat --package-version=$(VERSION) --msgid-bugs-address=patronat \
  --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=i18n_tr \
  --keyword=diag_add:6 --keyword=diag_error:5 --keyword=diag_warn:5 --keyword=diag_add_at:4 \
  --keyword=run_fail:2 --keyword=sheet_rows_error:5 --keyword=FAIL:4 --keyword=bad_usage:1 --keyword=bad:2 --keyword=report:3 \
  --keyword=bad_value:2 --keyword=report_value:3 --keyword=SRC_DIAG:6 --flag=SRC_DIAG:6:c-format \
  --flag=diag_add:6:c-format --flag=diag_error:5:c-format --flag=diag_warn:5:c-format \
  --flag=diag_add_at:4:c-format --flag=run_fail:2:c-format --flag=sheet_rows_error:5:c-format --flag=FAIL:4:c-format --flag=bad_usage:1:c-format \
  --flag=P_:1:c-format --flag=P_:2:c-format

$(BUILD)/locale/%/LC_MESSAGES/patronat.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# the schemas' xs:documentation (the hint of an invalid XML value) as C strings for xgettext
SCHEMAS := $(sort $(wildcard templates/schema/*.xsd))
$(BUILD)/po/schema-msgs.c: $(SCHEMAS)
	@mkdir -p $(dir $@)
	sed -n 's/.*<xs:documentation>\(.*\)<\/xs:documentation>.*/\1/p' $(SCHEMAS) | sort -u | \
	  sed 's/\\/\\\\/g; s/"/\\"/g; s/.*/N_("&")/' >$@

$(BUILD)/patronat.pot: $(POT_SRC) $(BUILD)/po/schema-msgs.c
	@mkdir -p $(dir $@)
	xgettext $(XGETTEXT_OPTS) -o $@ $(POT_SRC) $(BUILD)/po/schema-msgs.c

pot: $(BUILD)/patronat.pot

po: $(BUILD)/patronat.pot
	for l in $(PO_LANGS); do msgmerge --quiet --update --backup=none --no-wrap --no-location --sort-output po/$$l.po $(BUILD)/patronat.pot; msgattrib --no-obsolete --no-wrap --no-location --sort-output -o po/$$l.po po/$$l.po; done
	for l in $(PO_LANGS); do msgfmt --check --statistics -o /dev/null po/$$l.po; done

# Installs the missing Debian packages (nothing when all are present), then the fonts.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@$(MAKE) --no-print-directory fonts
	@# the Russian locale of the message tests (tests/e2e/i18n.sh)
	@locale -a 2>/dev/null | grep -qix 'ru_RU.utf8' || { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO localedef -i ru_RU -f UTF-8 ru_RU.UTF-8; }

deps-test:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(DEB_PKGS) $(TEST_PKGS)"

# Copies the fonts fonts/fonts.list names from Debian's packages (the first folder of FONT_SRC
# that has each) and checks their SHA-256.
fonts:
	@grep -v '^#' fonts/fonts.list | awk 'NF>=2 {print $$2}' | while read f; do \
	  [ -f fonts/$$f ] && continue; \
	  for d in $(FONT_SRC); do [ -f $$d/$$f ] && cp $$d/$$f fonts/$$f && break; done; \
	  [ -f fonts/$$f ] || { echo "fonts: $$f is in none of $(FONT_SRC)" >&2; exit 1; }; done
	@grep -v '^#' fonts/fonts.list | awk 'NF>=2 {print $$1 "  fonts/" $$2}' | sha256sum --quiet -c -

run: deps all
	./$(BUILD)/patronat all -i input -o out

test: all $(UNIT_BIN) $(BUILD)/patronat-allocfail $(BUILD)/patronat.pot $(BUILD)/bench/gen
	@BUILD=$(BUILD) sh tests/run.sh

# Only the failing-allocation runs (part of test too).
alloc-test: all $(BUILD)/patronat-allocfail
	@BUILD=$(BUILD) ALLOC_DENSE=1000 ALLOC_GROWTH=103 bash tests/e2e/alloc.sh

asan:
	@$(MAKE) --no-print-directory test BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"

# The sample run under valgrind: no leak, no invalid access (exit 9 otherwise).
valgrind: all
	@command -v valgrind >/dev/null || { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq valgrind >/dev/null; }
	rm -rf $(BUILD)/valgrind-out
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
	  --suppressions=tests/valgrind.supp ./$(BUILD)/patronat --date 2026-11-23 -q -j 1 all \
	  -i input -o $(BUILD)/valgrind-out >$(BUILD)/valgrind.log 2>&1; st=$$?; \
	  grep -v -e 'warning: graduate' -e 'warning: an item' $(BUILD)/valgrind.log; \
	  [ $$st = 0 ] && echo "valgrind: the sample run is clean"; exit $$st

# libFuzzer targets (clang): `make fuzz FUZZ_SECONDS=1800` runs each for that long.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst fuzz/%.c,build-fuzz/%,$(wildcard fuzz/fuzz_*.c))
fuzz-build:
	@command -v clang >/dev/null || { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	  --no-install-recommends clang libclang-rt-14-dev >/dev/null; }
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined,fuzzer-no-link" WARN="-Wall -Wextra -Werror" $(FUZZ_TARGETS)

build-fuzz/fuzz_%: fuzz/fuzz_%.c build-fuzz/libpatronat.a
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $< build-fuzz/libpatronat.a $(LDLIBS)

fuzz: fuzz-build
	@sh fuzz/run.sh $(FUZZ_SECONDS)

# The benchmark (not part of test or CI): patronat against a bare-libharu floor on synthetic
# data sets of 1 000 and 10 000 graduates; BENCH_SIZES=1000 for a quick run.
BENCH_BIN := $(BUILD)/bench/gen $(BUILD)/bench/floor $(BUILD)/bench/phases $(BUILD)/bench/sheetread
.PHONY: bench
bench: $(BUILD)/patronat $(BENCH_BIN)
	@BUILD=$(BUILD) sh bench/run.sh

$(BENCH_BIN): $(BUILD)/bench/%: bench/%.c $(BUILD)/libpatronat.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libpatronat.a $(LDLIBS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/patronat/templates/schema \
	  $(DESTDIR)$(PREFIX)/share/patronat/fonts
	install -m 0755 $(BUILD)/patronat $(DESTDIR)$(PREFIX)/bin/patronat
	cp -R templates/. $(DESTDIR)$(PREFIX)/share/patronat/templates/
	install -m 0644 fonts/fonts.list fonts/*.ttf $(DESTDIR)$(PREFIX)/share/patronat/fonts/
	for l in $(PO_LANGS); do install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
	  install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/patronat.mo \
	  $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/patronat.mo; done
	install -d $(DESTDIR)$(PREFIX)/share/patronat/sample
	install -m 0644 tests/data/workbooks/patronat.xlsx $(DESTDIR)$(PREFIX)/share/patronat/sample/

clean:
	rm -rf build build-asan build-fuzz out
