# gonn — a Jupyter kernel for Go with a compiled neural-network library.
#
#   make run    build gonn, install the kernelspec, execute the MNIST notebook headless
#   make test   everything CI checks (installs the Debian packages it needs, as root)
#
# Other targets: build, install, lint, generate, bench, bench-mnist, clean.

GO      ?= go
BIN     := bin/gonn
# Where tests install a private kernelspec, so they never touch the user's Jupyter.
TESTJUPYTER := $(CURDIR)/build/jupyter

.PHONY: all build install deps lint check-generated test test-go test-race test-jupyter test-notebooks generate bench bench-kernel bench-mnist run clean

all: build

build:
	$(GO) build -ldflags "-X main.version=$$(git describe --tags --always --dirty 2>/dev/null || echo dev)" -o $(BIN) ./cmd/gonn

install: build
	./$(BIN) install

# Debian packages the Jupyter-side tests need (idempotent; apt-get only when something is missing).
deps:
	./scripts/deps.sh

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "not gofmt'ed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

test: deps lint check-generated test-go test-race test-jupyter test-notebooks

# The generated files are fresh: yaegi's symbol tables of the preloaded packages and the documentation
# index of completion and inspection (`make generate` rewrites both). Each test regenerates into a
# temporary directory and compares; -count=1 because go test's cache cannot see the files they read.
check-generated:
	GONN_CHECK_SYMBOLS=1 $(GO) test -count=1 -run Fresh ./kernel/engine/symbols
	$(GO) test -count=1 -run TestIndexIsFresh ./kernel/assist/docindex

test-go:
	$(GO) test ./...

# The cell engine under the race detector (~35 s); the races left inside yaegi are documented in its package doc.
test-race:
	$(GO) test -race -count=1 ./kernel/engine

# The Jupyter project's conformance suite (and gonn's own protocol checks) through jupyter_client,
# against a kernelspec installed into build/jupyter only; the kernel's log goes to build/jupyter/kernel.log.
test-jupyter: build
	./$(BIN) install --prefix $(TESTJUPYTER) >/dev/null
	TESTJUPYTER=$(TESTJUPYTER) ./scripts/private-jupyter.sh /usr/bin/python3 -m unittest discover -v -s test/jupyter -p 'test_*.py'

# Every notebook in notebooks/, executed twice with `gonn run` (outputs compared, timings aside) and once
# through Jupyter with nbclient against the private kernelspec; each execution trains MNIST once.
test-notebooks: build
	GONN_NOTEBOOK_TESTS=1 GONN_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -v ./notebooks
	./$(BIN) install --prefix $(TESTJUPYTER) >/dev/null
	GONN_NOTEBOOK_TESTS=1 TESTJUPYTER=$(TESTJUPYTER) ./scripts/private-jupyter.sh /usr/bin/python3 -m unittest discover -v -s test/jupyter -p test_notebooks.py

generate:
	$(GO) generate ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# gonn vs ipykernel with jupyter_client: start-up, execute round trip and completion latency (prints tables).
bench-kernel: build
	./$(BIN) install --prefix $(TESTJUPYTER) >/dev/null
	TESTJUPYTER=$(TESTJUPYTER) ./scripts/private-jupyter.sh /usr/bin/python3 test/jupyter/bench_kernel.py
	TESTJUPYTER=$(TESTJUPYTER) ./scripts/private-jupyter.sh /usr/bin/python3 test/jupyter/bench_complete.py --baseline

bench-mnist:
	$(GO) run ./nnlib/cmd/bench-mnist

# Builds gonn, installs the kernelspec for this user and executes the MNIST notebook headless.
run: install
	./$(BIN) run --html --out build/notebooks notebooks/05-mnist.ipynb
	@echo
	@echo "executed notebook: build/notebooks/05-mnist.out.ipynb"
	@echo "HTML page:         build/notebooks/05-mnist.out.html"

clean:
	rm -rf bin build
