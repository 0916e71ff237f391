# khabar: the two commands a new user needs are `make demo` and `make test`.
#   make            build Release into build/ (executable: build/khabar, web UI: build/web/)
#   make deps       install missing Debian packages (deps/debian-packages.txt) and web/'s npm packages
#   make demo       deps + build + run khabar on the bundled samples
#   make test       deps + build + every test, then the tests again under ASan+UBSan
#   make check-asan the sanitizer build and its tests alone (build-asan/)
#   make bench      build and run the benchmarks
#   make fuzz       build the libFuzzer targets with clang-14 (build-fuzz/)
#   make format     clang-format every C++ source in place
JOBS ?= $(shell nproc)
CMAKE_GEN := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")
CCACHE := $(shell command -v ccache >/dev/null 2>&1 && echo "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache")
CTEST_FLAGS ?= --output-on-failure -j $(JOBS)
# Let ccache share objects between checkouts in different folders (CI clones anew each time).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all build web deps demo test check check-asan bench fuzz format clean

all: build

deps:
	@./scripts/install-deps.sh

build/CMakeCache.txt:
	cmake -S . -B build $(CMAKE_GEN) $(CCACHE) -DCMAKE_BUILD_TYPE=Release

build: build/CMakeCache.txt
	cmake --build build -j $(JOBS)
	@$(MAKE) --no-print-directory web

# The web UI that `khabar serve` serves (web/, built by Vite into build/web/).
web:
	@if [ -d web/node_modules ]; then cd web && npm run --silent build -- --logLevel warn; \
	else echo "web UI not built: web/node_modules is missing (run make deps)"; fi

demo: deps build
	@./scripts/demo.sh

check: build
	cd build && ctest $(CTEST_FLAGS)

test: deps
	$(MAKE) check
	$(MAKE) check-asan

build-asan/CMakeCache.txt:
	cmake -S . -B build-asan $(CMAKE_GEN) $(CCACHE) -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DCMAKE_C_FLAGS_DEBUG="-O1 -g1" \
	  -DKHABAR_SANITIZE=ON -DKHABAR_BUILD_BENCHMARKS=OFF

check-asan: build-asan/CMakeCache.txt
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest $(CTEST_FLAGS) -LE slow

bench: build
	./scripts/bench.sh

build-fuzz/CMakeCache.txt:
	CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz $(CMAKE_GEN) $(CCACHE) \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKHABAR_FUZZ=ON -DKHABAR_BUILD_BENCHMARKS=OFF -DKHABAR_BUILD_TESTS=OFF

fuzz: deps build-fuzz/CMakeCache.txt
	cmake --build build-fuzz -j $(JOBS)
	./scripts/fuzz-smoke.sh build-fuzz

format:
	find include src tests benchmarks fuzz tools -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build build-asan build-fuzz
