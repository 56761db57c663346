# The newcomer's entry point; CMake does the work underneath.
#   make          build build/salle (optimised)
#   make test     build and run every test
#   make asan     build under AddressSanitizer + UndefinedBehaviorSanitizer and run every test
#   make clean
JOBS ?= $(shell nproc)

all: build/Makefile
	cmake --build build -j$(JOBS)

build/Makefile: CMakeLists.txt
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo

test: all
	cd build && ctest --output-on-failure -j$(JOBS)

build-asan/Makefile: CMakeLists.txt
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSALLE_SANITIZE=ON

asan: build-asan/Makefile
	cmake --build build-asan -j$(JOBS)
	# Every suite again under the sanitizers, but for three whose time goes to CBC or Chromium
	# rather than to salle's C code (they run in the optimised build; export.sh and the server
	# suites drive the same site and LP code under the sanitizers).
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j$(JOBS) -E '^(browser|lp|bound)$$'

clean:
	rm -rf build build-asan

.PHONY: all test asan clean
