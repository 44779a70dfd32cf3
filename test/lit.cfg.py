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
tools = ["aiter-opt"]
for optional in ["aiter-run", "aiter-compile"]:
    if os.path.exists(os.path.join(config.aiter_tools_dir, optional)):
        tools.append(optional)
        config.available_features.add(optional)
llvm_config.add_tool_substitutions(tools, tool_dirs)

# C API tests: plain C programs compiled against libaiter.so (test/CAPI,
# test/Runtime). %cc compiles and links one; the feature says libaiter exists.
aiter_libdir = os.path.join(config.aiter_obj_root, "lib")
config.substitutions.append(("%aiter_libdir", aiter_libdir))
if os.path.exists(os.path.join(aiter_libdir, "libaiter.so")):
    config.available_features.add("libaiter")
    config.suffixes.append(".c")
    config.substitutions.append((
        "%cc",
        "%s -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I%s -L%s -laiter -lpthread -lm -Wl,-rpath,%s"
        % (getattr(config, "c_compiler", "cc"),
           os.path.join(config.aiter_src_root, "include"), aiter_libdir, aiter_libdir),
    ))
    # ThreadSanitizer builds of the runtime use GCC's libtsan (Debian's
    # clang-22 ships no TSan runtime).
    import shutil, subprocess
    if shutil.which("g++"):
        tsan = subprocess.run(["g++", "-print-file-name=libtsan.so"],
                              capture_output=True, text=True).stdout.strip()
        if os.path.isabs(tsan) and os.path.exists(tsan):
            config.available_features.add("gcc-tsan")
