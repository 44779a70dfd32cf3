# -*- Python -*-
# lit configuration for the aiter regression suite: every .mlir under test/
# is a test; tools come from the build tree, FileCheck and friends from LLVM.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "AITER"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.aiter_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%aiter_src_root", config.aiter_src_root))
config.substitutions.append(("%aiter_obj_root", config.aiter_obj_root))
# The interpreter that has Debian's numpy (tests that compute references).
config.substitutions.append(("%python", config.python_executable))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.aiter_tools_dir, config.llvm_tools_dir]

# Everything the suite needs must be there: a missing tool, library or
# runtime is a configuration error that fails the run, never a quiet
# UNSUPPORTED (a test that cannot run proves nothing). The features stay so
# that REQUIRES lines say what each test uses.
missing = []
tools = ["aiter-opt", "aiter-run", "aiter-compile",
         "aiter-fuzz-dialect", "aiter-fuzz-cache-entry", "aiter-fuzz-npy"]
for tool in tools:
    if not os.path.exists(os.path.join(config.aiter_tools_dir, tool)):
        missing.append(os.path.join(config.aiter_tools_dir, tool))
    config.available_features.add(tool)
llvm_config.add_tool_substitutions(tools, tool_dirs)

# C API tests: plain C programs compiled against libaiter.so (test/CAPI,
# test/Runtime). %cc compiles and links one.
aiter_libdir = os.path.join(config.aiter_obj_root, "lib")
config.substitutions.append(("%aiter_libdir", aiter_libdir))
if not os.path.exists(os.path.join(aiter_libdir, "libaiter.so")):
    missing.append(os.path.join(aiter_libdir, "libaiter.so"))
config.available_features.add("libaiter")
# The JAX FFI handlers (python/jax_ffi), called as XLA calls them.
if not os.path.exists(os.path.join(aiter_libdir, "libaiter_jax_ffi.so")):
    missing.append(os.path.join(aiter_libdir, "libaiter_jax_ffi.so"))
config.suffixes.append(".c")
config.substitutions.append((
    "%cc",
    "%s -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I%s -L%s -laiter -lpthread -lm -Wl,-rpath,%s %s"
    % (getattr(config, "c_compiler", "cc"),
       os.path.join(config.aiter_src_root, "include"), aiter_libdir, aiter_libdir,
       # scripts/sanitize.sh builds the C tests with its sanitizer flags.
       os.environ.get("AITER_TEST_CFLAGS", "")),
))
# The sanitizer run's environment reaches the tests.
for var in ["LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS", "AITER_TEST_CFLAGS"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]
# ThreadSanitizer builds of the runtime use GCC's libtsan (Debian's clang-22
# ships no TSan runtime); scripts/setup.sh installs g++.
import shutil, subprocess
tsan = ""
if shutil.which("g++"):
    tsan = subprocess.run(["g++", "-print-file-name=libtsan.so"],
                          capture_output=True, text=True).stdout.strip()
if not (os.path.isabs(tsan) and os.path.exists(tsan)):
    missing.append("g++ with libtsan (Debian g++)")
config.available_features.add("gcc-tsan")

# The remote cache tier's tests start a real Redis server (Debian's
# redis-server; redis-cli from redis-tools) on a free loopback port.
for tool in ["redis-server", "redis-cli"]:
    if not shutil.which(tool):
        missing.append(tool + " (Debian redis-server, redis-tools)")
config.available_features.add("redis")

if missing:
    lit_config.fatal("the test suite needs, and this build lacks: " +
                     ", ".join(missing) +
                     " (run scripts/build.sh, which installs and builds them)")
