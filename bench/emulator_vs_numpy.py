#!/usr/bin/env python3
# ===- bench/emulator_vs_numpy.py - emulator time beside numpy's matmul -----===#
#
# Runs the emulator benchmark (single-threaded cases) and times numpy's float32
# matmul of the same multiply-accumulates on one thread, then prints both and
# their ratio (issue 17's target: emulator <= 1.5x numpy). Both are CPU times
# of one thread, which a loaded machine disturbs less than wall time.
#
#   /usr/bin/python3 bench/emulator_vs_numpy.py [build/bench/aiter-emulator-bench]
#       [--repetitions=N]
#
# With no benchmark path only the numpy figures are printed.
# ===------------------------------------------------------------------------===#
import json
import os
import subprocess
import sys
import time

# One BLAS thread: set before numpy loads its BLAS.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
            "BLIS_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402

# The matmuls doing each benchmark's multiply-accumulates: GEMM 512^3;
# attention (4 heads, seq 512, d 128) is S = Q K^T and O = P V per head.
CASES = {
    "BM_GemmBf16_512/1": [((512, 512), (512, 512))],
    "BM_ShippedGemmBf16TB_512/1": [((512, 512), (512, 512))],
    "BM_ShippedAttentionBf16D128/1": [((4, 512, 128), (4, 128, 512)),
                                                ((4, 512, 512), (4, 512, 128))],
}


def numpy_seconds(shapes, repetitions=15):
    rng = np.random.default_rng(0)
    ops = [(rng.standard_normal(a, dtype=np.float32),
            rng.standard_normal(b, dtype=np.float32)) for a, b in shapes]
    for a, b in ops:  # warm up
        np.matmul(a, b)
    times = []
    for _ in range(repetitions):
        t0 = time.process_time()
        for a, b in ops:
            np.matmul(a, b)
        times.append(time.process_time() - t0)
    return sorted(times)[len(times) // 2]  # median


def macs(shapes):
    total = 0
    for a, b in shapes:
        total += int(np.prod(a)) * b[-1]
    return total


def main(argv):
    bench = None
    reps = 3
    for arg in argv[1:]:
        if arg.startswith("--repetitions="):
            reps = int(arg.split("=", 1)[1])
        else:
            bench = arg
    emu = {}
    if bench:
        out = subprocess.run(
            [bench, "--benchmark_filter=/1$", "--benchmark_format=json",
             f"--benchmark_repetitions={reps}",
             "--benchmark_report_aggregates_only=true"],
            check=True, capture_output=True, text=True).stdout
        for b in json.loads(out)["benchmarks"]:
            if b.get("aggregate_name") == "median":
                emu[b["run_name"]] = b
    print(f"{'benchmark':42} {'GMAC':>6} {'numpy ms':>9} {'emu ms':>8} "
          f"{'ratio':>6} {'emu GMAC/s':>10} {'non-MFMA Mlane/s':>16}")
    for name, shapes in CASES.items():
        np_s = numpy_seconds(shapes)
        line = f"{name:42} {macs(shapes) / 1e9:6.3f} {np_s * 1e3:9.1f}"
        if name in emu:
            b = emu[name]
            ms = b["cpu_time"]  # one thread: CPU time, in ms
            line += (f" {ms:8.1f} {ms / (np_s * 1e3):6.2f}"
                     f" {b['MAC/s'] / 1e9:10.3f}"
                     f" {b['non_mfma_lane_instr/s'] / 1e6:16.0f}")
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
