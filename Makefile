# zonesim: a flat, explicit Makefile.  Targets: all, check, check-hostile, check-tidy, bench, bench-instr, bench-ladder, asan, tsan,
# valgrind, fuzz, fuzz-smoke, install, clean.
# Dependencies come from pkg-config (Debian: libgsl-dev libcjson-dev check pkg-config).

CC      ?= cc
PKGS    := gsl libcjson
CSTD    := -std=c11 -D_DEFAULT_SOURCE -DHAVE_INLINE
WARN    := -Wall -Wextra -Wshadow -Werror -Wno-format-truncation # messages are cut to their buffers on purpose
OPT     ?= -O3 -g -flto=auto
CFLAGS  += $(CSTD) $(WARN) $(OPT) -MMD -MP -I. $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lpthread -lm
CHECK_LIBS := $(shell pkg-config --libs check)
B       ?= build

SIM_SRC := sim/calendar.c sim/sim.c sim/stream.c sim/dist.c sim/stats.c \
           sim/resource.c sim/replicate.c
# One layer per folder, dependencies one way: sim <- models <- experiment <- output <- report <- cli.
MOD_SRC := $(sort $(wildcard models/*/*.c))
EXP_SRC := $(sort $(wildcard experiment/*.c))
OUT_SRC := $(sort $(wildcard output/*.c))
REP_SRC := $(sort $(wildcard report/*.c))
CLI_SRC := $(filter-out cli/main.c,$(sort $(wildcard cli/*.c)))
MAIN_SRC:= cli/main.c

SIM_OBJ := $(SIM_SRC:%.c=$(B)/%.o)
MOD_OBJ := $(MOD_SRC:%.c=$(B)/%.o)
EXP_OBJ := $(EXP_SRC:%.c=$(B)/%.o)
OUT_OBJ := $(OUT_SRC:%.c=$(B)/%.o)
REP_OBJ := $(REP_SRC:%.c=$(B)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(B)/%.o)
MAIN_OBJ:= $(MAIN_SRC:%.c=$(B)/%.o)

# Tests mirror the layout: tests/<layer>/test_<module>.c, each linked with its own
# layer and the layers below it only (sim/ builds and tests without models/, and
# models/ without experiment/, output/, report/ and cli/).
SIM_TESTS := $(patsubst %.c,%,$(sort $(wildcard tests/sim/test_*.c)))
MOD_TESTS := $(patsubst %.c,%,$(sort $(wildcard tests/models/test_*.c)))
EXP_TESTS := $(patsubst %.c,%,$(sort $(wildcard tests/experiment/test_*.c)))
OUT_TESTS := $(patsubst %.c,%,$(sort $(wildcard tests/output/test_*.c)))
REP_TESTS := $(patsubst %.c,%,$(sort $(wildcard tests/report/test_*.c)))
CLI_TESTS := $(patsubst %.c,%,$(sort $(wildcard tests/cli/test_*.c)))
TESTS     := $(SIM_TESTS) $(MOD_TESTS) $(EXP_TESTS) $(OUT_TESTS) $(REP_TESTS) $(CLI_TESTS)
TEST_BINS := $(TESTS:%=$(B)/%)

BIN     ?= zonesim

.PHONY: all check check-sim check-models bench bench-instr bench-ladder asan clean
all: $(BIN)

$(BIN): $(MAIN_OBJ) $(CLI_OBJ) $(REP_OBJ) $(OUT_OBJ) $(EXP_OBJ) $(MOD_OBJ) $(B)/libsim.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/libsim.a: $(SIM_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

TEST_LINK = $(CC) $(CFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)
$(SIM_TESTS:%=$(B)/%): $(B)/%: $(B)/%.o $(B)/tests/testutil.o $(B)/libsim.a
	$(TEST_LINK)
$(MOD_TESTS:%=$(B)/%): $(B)/%: $(B)/%.o $(B)/tests/testutil.o $(B)/tests/modelutil.o $(MOD_OBJ) $(B)/libsim.a
	$(TEST_LINK)
$(EXP_TESTS:%=$(B)/%): $(B)/%: $(B)/%.o $(B)/tests/testutil.o $(B)/tests/modelutil.o $(EXP_OBJ) $(MOD_OBJ) $(B)/libsim.a
	$(TEST_LINK)
$(OUT_TESTS:%=$(B)/%): $(B)/%: $(B)/%.o $(B)/tests/testutil.o $(B)/tests/modelutil.o $(OUT_OBJ) $(EXP_OBJ) $(MOD_OBJ) $(B)/libsim.a
	$(TEST_LINK)
$(REP_TESTS:%=$(B)/%): $(B)/%: $(B)/%.o $(B)/tests/testutil.o $(B)/tests/modelutil.o $(REP_OBJ) $(OUT_OBJ) $(EXP_OBJ) $(MOD_OBJ) $(B)/libsim.a
	$(TEST_LINK)
$(CLI_TESTS:%=$(B)/%): $(B)/%: $(B)/%.o $(B)/tests/testutil.o $(B)/tests/modelutil.o $(CLI_OBJ) $(REP_OBJ) $(OUT_OBJ) $(EXP_OBJ) $(MOD_OBJ) $(B)/libsim.a
	$(TEST_LINK)

check: $(BIN) $(TEST_BINS)
	@ZONESIM_BIN=./$(BIN) ./tests/run_tests.sh $(B) $(TESTS)
	@./tests/lint.sh

check-sim: $(SIM_TESTS:%=$(B)/%)
	@./tests/run_tests.sh $(B) $(SIM_TESTS)

check-models: $(MOD_TESTS:%=$(B)/%)
	@./tests/run_tests.sh $(B) $(MOD_TESTS)

BENCH_BINS := $(B)/bench/bench_engine $(B)/bench/mm1_plain $(B)/bench/bench_zone $(B)/bench/bench_load
$(B)/bench/bench_engine: $(B)/bench/bench_engine.o $(B)/libsim.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
$(B)/bench/mm1_plain: $(B)/bench/mm1_plain.o
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
$(B)/bench/bench_zone: $(B)/bench/bench_zone.o $(MOD_OBJ) $(B)/libsim.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
$(B)/bench/bench_load: $(B)/bench/bench_load.o $(MOD_OBJ) $(B)/libsim.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

bench: $(BENCH_BINS)
	@./bench/run_bench.sh $(B)/bench

# Instructions per event (callgrind), the figure noise cannot move (opt-in: about a minute).
bench-instr: $(BENCH_BINS)
	@./bench/run_instr.sh $(B)/bench

# What the engine's generality costs on M/M/1, one rung at a time (opt-in).
LADDER_BINS := $(B)/bench/mm1_ladder1 $(B)/bench/mm1_ladder2 $(B)/bench/mm1_plain_blocks
$(B)/bench/mm1_ladder1 $(B)/bench/mm1_ladder2: $(B)/bench/mm1_ladder%: bench/mm1_ladder.c $(B)/libsim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DLADDER_RUNG=$* -o $@ $(filter %.c %.a,$^) $(LDLIBS)
$(B)/bench/mm1_plain_blocks: bench/mm1_plain.c $(B)/libsim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DPLAIN_BLOCKS -o $@ $(filter %.c %.a,$^) $(LDLIBS)
bench-ladder: $(BENCH_BINS) $(LADDER_BINS)
	@./bench/run_ladder.sh $(B)/bench

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (leaks included),
# in its own build tree, with its own sanitized zonesim for the CLI tests.  GCC's
# "undefined" leaves out a double converted to an integer it does not fit
# (float-cast-overflow), the very bug of a value that escaped its range: named too.
SAN := -O1 -g -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all
asan:
	$(MAKE) B=build-asan BIN=build-asan/zonesim OPT="$(SAN)" check

clean:
	rm -rf build build-asan build-tsan build-fuzz zonesim

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# Keep test objects between runs.
.SECONDARY:

# libFuzzer targets (clang), each run for FUZZ_SECONDS on a copy of its seed corpus
# in build-fuzz/ (kept and grown from run to run); crashes land in build-fuzz/crash-*
# and fail the run, as does a target that ran nothing.  `make fuzz-smoke`: a short run.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 300
FUZZ_OPTS    ?=
FUZZ_FLAGS   := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS := fuzz_scenario fuzz_assess fuzz_set fuzz_argv fuzz_merge fuzz_report fuzz_tables
HDRS := $(wildcard sim/*.h models/*/*.h experiment/*.h output/*.h report/*.h cli/*.h)
build-fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_util.h $(HDRS) $(SIM_SRC) $(MOD_SRC) $(EXP_SRC) $(OUT_SRC) $(REP_SRC) $(CLI_SRC)
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(CSTD) -I. $(shell pkg-config --cflags $(PKGS)) $(FUZZ_FLAGS) -o $@ $(filter %.c,$^) $(LDLIBS)

.PHONY: fuzz fuzz-smoke tsan valgrind
fuzz: $(FUZZ_TARGETS:%=build-fuzz/%)
	@for t in $(FUZZ_TARGETS); do \
	    c=$(CURDIR)/build-fuzz/corpus-$$t; log=$(CURDIR)/build-fuzz/$$t.log; \
	    $(if $(FUZZ_FRESH),rm -rf $$c;) mkdir -p $$c; cp tests/fuzz/$${t#fuzz_}/* $$c/; \
	    echo "fuzz $$t for $(FUZZ_SECONDS) s $(FUZZ_OPTS)"; \
	    ./build-fuzz/$$t $$c -max_total_time=$(FUZZ_SECONDS) $(FUZZ_OPTS) -max_len=65536 -timeout=10 \
	        -rss_limit_mb=2048 -artifact_prefix=$(CURDIR)/build-fuzz/ -print_final_stats=1 >$$log 2>&1; \
	    grep -E "^(==[0-9]+==ERROR|SUMMARY|stat::number_of_executed_units)" $$log; \
	    test -z "$$(ls build-fuzz/crash-* build-fuzz/leak-* build-fuzz/timeout-* build-fuzz/oom-* 2>/dev/null)" \
	        || { echo "fuzz: $$t found a failing input:"; ls build-fuzz/crash-* build-fuzz/leak-* build-fuzz/timeout-* build-fuzz/oom-* 2>/dev/null; exit 1; }; \
	    grep -q "^stat::number_of_executed_units: [1-9]" $$log \
	        || { echo "fuzz: $$t did not run (its log, $$log, ends):"; tail -n 5 $$log; exit 1; }; \
	done

# What an attacker and a careless user would try, on every input surface
# (tests/hostile/README.md): no shell, crash, hang, overflow or lost file.
.PHONY: check-hostile
check-hostile: $(BIN)
	ZONESIM_BIN=./$(BIN) tests/hostile/run.sh

# Every output read with Python's csv and json modules: types, units, booleans
# (tests/tidy/check_types.py).
.PHONY: check-tidy
check-tidy: $(BIN)
	python3 tests/tidy/check_types.py ./$(BIN)

# The smoke run starts from the seed corpus alone, with a fixed seed and a fixed
# number of inputs for each target, about 10-20 s of work (the time is only a
# cap): the inputs then depend only on the coverage they reach, nearly the same
# from machine to machine.  The command-line targets run a command an input, and
# try fewer.
fuzz-smoke:
	$(MAKE) fuzz FUZZ_TARGETS="fuzz_scenario fuzz_assess fuzz_set fuzz_tables" FUZZ_SECONDS=120 \
	    FUZZ_FRESH=1 FUZZ_OPTS="-seed=1 -runs=20000"
	$(MAKE) fuzz FUZZ_TARGETS="fuzz_argv fuzz_merge fuzz_report" FUZZ_SECONDS=120 \
	    FUZZ_FRESH=1 FUZZ_OPTS="-seed=1 -runs=600"

# Parallel replications under ThreadSanitizer: the engine's threaded tests and a
# zonesim run on 2 threads.
TSAN := -O1 -g -fsanitize=thread
tsan:
	$(MAKE) B=build-tsan BIN=build-tsan/zonesim OPT="$(TSAN)" build-tsan/zonesim build-tsan/tests/sim/test_replicate
	TSAN_OPTIONS=halt_on_error=1 ./build-tsan/tests/sim/test_replicate
	TSAN_OPTIONS=halt_on_error=1 ./build-tsan/zonesim run scenarios/hetao_baseline.json -q -r 4 -j 2 \
	    --set horizon_days=30 --set warmup_days=2 -o build-tsan/run --force

# A short run under valgrind memcheck: no errors, no leaks.
valgrind: $(BIN)
	valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 -q \
	    ./$(BIN) run scenarios/hetao_baseline.json -q -r 2 -j 2 --set horizon_days=30 --set warmup_days=2 \
	    -o build/valgrind-run --force

# A one-node Slurm cluster runs a job array of shards; merged, they equal a local run.
.PHONY: test-cluster
test-cluster: $(BIN)
	./scripts/slurm_test.sh

# make install PREFIX=/usr/local: the program, its man page and the shipped scenarios.
PREFIX ?= /usr/local
.PHONY: install
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/zonesim
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/zonesim
	install -m 644 zonesim.1 $(DESTDIR)$(PREFIX)/share/man/man1/zonesim.1
	cp -R scenarios $(DESTDIR)$(PREFIX)/share/zonesim/

# Headless Chromium renders each kind of report; screenshots land in docs/img/.
.PHONY: test-browser
test-browser: $(BIN)
	./scripts/browser_test.sh
