#!/usr/bin/env bash
#===- scripts/sanitize.sh - the whole suite under ASan + UBSan --------------===#
#
# Usage: scripts/sanitize.sh [lit args...]
# Configures build-asan/ (AITER_ASAN_BUILD_DIR overrides) with every aiter
# library, tool and test program compiled with -fsanitize=address,undefined
# against clang-22's shared sanitizer runtime, builds it, and runs the lit
# suite and the unit tests with that runtime preloaded (so the Python tests'
# interpreter and the C tests load instrumented libraries too). Any report
# fails the run. The ThreadSanitizer run of the threaded C API test is part
# of the ordinary suite (test/CAPI/threads-tsan.test).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AITER_ASAN_BUILD_DIR:-$root/build-asan}"
bash "$root/scripts/setup.sh"
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -shared-libsan"
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" \
    -DAITER_BUILD_BENCHMARKS=OFF \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DPython3_EXECUTABLE=/usr/bin/python3
fi
ninja -C "$build" -j"$(nproc)"
runtime="$(clang-22 -print-file-name=libclang_rt.asan-x86_64.so)"
export LD_PRELOAD="$runtime"
# Leaks of process-lifetime singletons (MLIR's registries, LLVM's option
# tables) are not bugs of ours; the interpreter's are not either.
# allow_user_poisoning=0: LLVM's headers poison BumpPtrAllocator slabs
# under ASan; our instrumented copies of those inline functions and the
# uninstrumented ones of Debian's libLLVM/lld (linked statically into the
# compiler library) share allocators, which ASan then reports as
# use-after-poison in lld's own allocations (a false positive of a partly
# instrumented process, not a bug of ours).
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:halt_on_error=1:allow_user_poisoning=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# C test programs are compiled with the same flags (lit.cfg.py reads this).
export AITER_TEST_CFLAGS="$flags"
status=0
# The ThreadSanitizer test builds its own TSan library and program: it
# cannot run with the ASan runtime preloaded (it runs in the ordinary suite).
/usr/lib/llvm-22/bin/lit -sv --filter-out 'threads-tsan' "$build/test" "$@" ||
  status=1
(cd "$build" && ctest --output-on-failure -j"$(nproc)") || status=1
echo "sanitize: $([ $status -eq 0 ] && echo clean || echo FAILED)"
exit $status
