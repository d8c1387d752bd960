#!/usr/bin/env bash
# The whole test suite: install what is missing, build the test build
# (warnings as errors, ASan + UBSan) into build-test/, run every test with
# ctest. The CLI tests read ../shared when it is there and skip otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DVEILLE_SANITIZE=ON >/dev/null
cmake --build build-test -j"$(nproc)"
cd build-test
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --output-on-failure
