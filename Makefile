# EDL Lab. `make run` reproduces the paper's figures, `make test` runs the tests; both
# install what the build needs first (`make setup`).

SWIFT ?= swift
# The C compiler for the bare loops of Benchmarks/reference (the Swift toolchain brings clang).
CC_REFERENCE ?= $(shell command -v clang || command -v cc)
EDL_RELEASE := .build/release/edl
DEMO_GRID ?= 1...10000:log9
DEMO_REPLICATES ?= 2000

.PHONY: setup browser build release serve-release serve run demo test browser-test bench bench-serve fuzz figures docs dist clean

## setup: install GNU GSL (libgsl-dev) and pkg-config from Debian when missing.
setup:
	@if pkg-config --exists gsl 2>/dev/null; then \
		echo "setup: GSL $$(pkg-config --modversion gsl) found"; \
	else \
		echo "setup: installing libgsl-dev and pkg-config with apt-get"; \
		if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends libgsl-dev pkg-config; \
	fi

## browser: headless Chromium (Debian's chromium) and Playwright for Python,
## for the explorer's browser test; best effort: a failure is printed, and the
## browser test then says it was skipped and why.
browser:
	@if command -v chromium >/dev/null 2>&1; then echo "setup: chromium found"; else \
		echo "setup: installing chromium with apt-get (for the explorer's browser test)"; \
		if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
		( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium ) >/dev/null 2>&1 \
			|| echo "setup: could not install chromium; the browser test will be skipped"; \
	fi
	@if python3 -c "import playwright" 2>/dev/null; then echo "setup: Playwright found"; else \
		echo "setup: installing Playwright for Python with pip (it drives the system chromium; no browser download)"; \
		python3 -m pip install --quiet playwright >/dev/null 2>&1 \
			|| echo "setup: could not install Playwright; the browser test will be skipped"; \
	fi

## build: debug build of every target.
build: setup
	$(SWIFT) build

## release: optimised build of the edl tool, with the Swift runtime and
## Foundation linked in statically: a process starts in about 10 ms instead
## of 17 (no dynamic relocation of libFoundation), for a larger binary. (The
## linker's warning about `mktemp` comes from Foundation's static library.)
release: setup
	$(SWIFT) build -c release --product edl --static-swift-stdlib

## serve-release: the explorer's server, optimised, beside edl (`edl serve` runs it).
serve-release: setup
	$(SWIFT) build -c release --product edl-serve --static-swift-stdlib

## serve: start the workshop explorer at http://127.0.0.1:8080/ (SERVE_ARGS="--host 0.0.0.0" for a classroom).
serve: release serve-release
	$(EDL_RELEASE) serve $(SERVE_ARGS)

## run: reproduce every toy figure of the paper into out/ (CSV, SVG, PNG when
## rsvg-convert is installed, index.html and README.md).
run: release
	@start=$$(date +%s); \
	$(EDL_RELEASE) reproduce --output out; \
	echo "make run: $$(( $$(date +%s) - start )) s (after the build); open out/index.html"

## demo: quick tables of every scenario in the terminal.
demo: release
	@for learner in uniform kt laplace; do \
		$(EDL_RELEASE) run random-labels --learner $$learner --n $(DEMO_GRID) --replicates $(DEMO_REPLICATES) --format table; \
		echo; \
	done
	@$(EDL_RELEASE) run hypothesis-collapse --set class=digits --n 1...1000:log10 --replicates $(DEMO_REPLICATES) --format table
	@echo
	@$(EDL_RELEASE) run coupon-collector --set K=100 --n 1...10000:log12 --replicates $(DEMO_REPLICATES) --format table
	@$(EDL_RELEASE) describe coupon-collector --set K=100 | tail -1

## test: the whole test suite (Swift Testing), then the explorer in a real
## browser and under load (skipped, with the reason, when no browser could be installed).
test: setup browser
	$(SWIFT) test
	@$(MAKE) --no-print-directory browser-test

## browser-test: the explorer page in headless Chromium, and a load test.
browser-test:
	@$(SWIFT) build --product edl-serve >/dev/null
	@python3 Tests/browser/explorer_test.py .build/debug/edl-serve; status=$$?; \
		if [ $$status -eq 77 ]; then echo "browser test skipped (reason above)"; \
		elif [ $$status -ne 0 ]; then exit $$status; fi

## figures: redraw every figure the guide shows (Docs/Scenarios/figures,
## Docs/figures) with the commands on its pages; about a minute on 2 cores.
figures: release
	Docs/figures.sh $(EDL_RELEASE)

## docs: the figures, then check the guide: every relative link and image
## resolves, and every command of the workshop (Docs/Workshop.md) runs.
docs: figures
	Docs/check.sh $(EDL_RELEASE)

## bench: time the reference workloads (release build, whole process, median of 5)
## against their targets, the bare C loops of Benchmarks/reference (CPU time, one
## thread; target 1.3x), the numpy references there (one BLAS thread; numpy 2 is
## installed with pip when missing, best effort: without it that column says
## skipped) and loops that only make their random draws; the slower
## paths against their simplest sibling per learner step, with peak memory and
## scaling exponents; about 5 minutes; see Docs/Performance.md.
bench: release
	@mkdir -p .build/reference
	$(CC_REFERENCE) -O2 -o .build/reference/coupon Benchmarks/reference/coupon.c
	$(CC_REFERENCE) -O2 -o .build/reference/kt Benchmarks/reference/kt.c -lm
	@python3 -c "import numpy, sys; sys.exit(int(numpy.__version__.split('.')[0]) < 2)" 2>/dev/null || \
		{ echo "bench: installing numpy 2 with pip (for the numpy references)"; \
		  python3 -m pip install --quiet "numpy>=2" >/dev/null 2>&1 || echo "bench: could not install numpy; the numpy column will say skipped"; }
	$(EDL_RELEASE) bench --runs 5 --bare-loops .build/reference

## fuzz: the parsers' mutation fuzzer, 1 000 000 inputs (experiment files, --n, --set); about 15 min.
fuzz: release
	$(EDL_RELEASE) fuzz --executions 1000000 --corpus Scenarios

## bench-serve: the explorer's latency with 10 concurrent clients (release build).
bench-serve: serve-release
	python3 Benchmarks/explorer_latency.py .build/release/edl-serve

## dist: a self-contained tarball (edl, edl-serve, GSL's libraries, the docs and
## experiment files) that runs on a fresh Debian or Ubuntu machine without Swift or GSL.
dist: release serve-release
	sh Distribution/make-dist.sh

clean:
	rm -rf .build
