# wheelfs — build, test, demo, bench.
#
#   make run     install what is missing, build, and run the demo on the bundled example wheel
#   make test    deps + fixtures + every test (Swift Testing, then the Python oracle suites)
#
# Everything installs itself: apt packages (idempotent) and a project-local .venv with pinned
# test oracles (Tests/scripts/requirements.txt).

SHELL       := /bin/bash
SWIFT       ?= swift
CONFIG      ?= release
BUILD_DIR   := .build
BIN         := $(BUILD_DIR)/$(CONFIG)/wheelfs
VENV        := .venv
PY          := $(VENV)/bin/python
# The Swift runtime and Foundation linked statically: a process starts in ~2 ms instead of ~10
# (no dynamic loading and relocation of libFoundation and ICU), which is most of what a mount
# or a `show` of a small wheel costs. lld, because gold prints glibc's link-time warning about
# mktemp (inside Foundation's static archive) on every link.
SWIFT_BUILD_FLAGS ?= --static-swift-stdlib -Xswiftc -use-ld=lld
EXAMPLE     := Fixtures/build/example/wheelfs_example-1.0.0-cp311-cp311-linux_x86_64.whl

APT_PACKAGES := libfuse3-dev fuse3 zlib1g-dev libdeflate-dev gcc g++ make python3-venv \
  binutils zip unzip time strace \
  gcc-aarch64-linux-gnu gcc-i686-linux-gnu gcc-arm-linux-gnueabihf \
  gcc-powerpc64le-linux-gnu gcc-s390x-linux-gnu gcc-riscv64-linux-gnu musl-tools

.PHONY: all deps apt venv build debug test swift-test oracle-test fixtures run bench fuzz lint clean

all: build

## deps: install missing apt packages and the pinned Python oracles (idempotent)
deps: apt venv

apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(VENV)/.stamp

$(VENV)/.stamp: Tests/scripts/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r Tests/scripts/requirements.txt
	touch $@

## build: release build of the wheelfs binary (warnings are errors in every target)
build:
	$(SWIFT) build -c $(CONFIG) $(SWIFT_BUILD_FLAGS)

debug:
	$(SWIFT) build

## fixtures: ELF files and wheels built with gcc and the cross compilers
fixtures: deps
	$(MAKE) -C Fixtures PYTHON=$(abspath $(PY))

## test: everything, against independent oracles (readelf, Python zipfile, auditwheel, ld.so)
test: deps fixtures lint swift-test oracle-test

lint:
	bash Tests/scripts/check-layers.sh

swift-test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

oracle-test: build
	WHEELFS=$(abspath $(BIN)) $(PY) -m pytest -q Tests/oracle

## run: the demo on the bundled example wheel
run: deps build fixtures
	bash Tests/scripts/demo.sh $(abspath $(BIN)) $(EXAMPLE)

## bench: speed against auditwheel, unzip, Python zipfile, fuse-zip (docs/performance.md)
bench: deps build fixtures
	bash Tests/scripts/bench.sh $(abspath $(BIN))

## fuzz: libFuzzer harnesses over the ELF and zip readers (FUZZ_RUNS executions each)
FUZZ_RUNS ?= 1000000
fuzz: deps
	bash Tests/scripts/fuzz.sh $(FUZZ_RUNS)
	bash Tests/scripts/fuzz_zip.sh $(FUZZ_RUNS)

clean:
	rm -rf $(BUILD_DIR) .build-* Fixtures/build
