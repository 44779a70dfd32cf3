#!/usr/bin/env python3
#===- scripts/gate-report.py - legacy emitters vs the general compiler ----===#
#
# The gate of the layer-3 compiler (issue "A real tile-program compiler"):
# every shipped configuration compiled twice, by the legacy emitters
# (aiter-compile's default) and by the general compiler
# (--emitters=false), with the static figures of aiter-compile --report side
# by side. Usage:
#   python3 scripts/gate-report.py [--build DIR] [--filter SUBSTRING] [--jobs N]
# Prints a markdown table; the last column is general / emitter for the
# main loop's non-MFMA instructions per MFMA cycle, then what misses the 5%
# gate (the loop figure, registers, spills, LDS or occupancy).
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def configs():
    for chip in ("gfx942", "gfx950"):
        for dtype in ("bf16", "f16"):
            for ta in (False, True):
                for tb in (False, True):
                    name = "T" if ta else "N"
                    name += "T" if tb else "N"
                    flags = ["--op=gemm", "--dtype=" + dtype]
                    flags += ["--trans-a"] if ta else []
                    flags += ["--trans-b"] if tb else []
                    for variant in ("aligned", "general"):
                        yield ("gemm %s %s %s %s" % (chip, dtype, name, variant),
                               chip, flags + ["--variant=" + variant])
        big = "tile_m=256,tile_n=256,tile_k=64,waves=8"
        yield ("gemm %s bf16 NN 256x256x64/8" % chip, chip,
               ["--op=gemm", "--config=" + big])
        yield ("gemm %s bf16 NT 256x256x64/8" % chip, chip,
               ["--op=gemm", "--trans-b", "--config=" + big])
        for d in (64, 128):
            for dtype in ("bf16", "f16"):
                for label, extra in (("", []), ("causal", ["--causal"]),
                                     ("causal lse", ["--causal", "--lse"]),
                                     ("window", ["--window=64,32"]),
                                     ("softcap", ["--softcap=30"])):
                    if dtype == "f16" and label not in ("", "causal"):
                        continue
                    for variant in ("aligned", "general"):
                        if variant == "general" and label not in ("", "causal"):
                            continue
                        yield ("attention %s %s d%d %s %s" %
                               (chip, dtype, d, label, variant)).replace("  ", " "), \
                            chip, ["--op=attention", "--dtype=" + dtype,
                                   "--head-dim=%d" % d] + extra + ["--variant=" + variant]


def report(compile_, chip, flags, emitters):
    cmd = [compile_, "--chip=" + chip, "--report"] + flags
    if not emitters:
        cmd.append("--emitters=false")
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(p.stdout.splitlines()[0])


def cells(k):
    if "error" in k:
        return ["error: " + k["error"][:60]] + [""] * 5
    m = k.get("main_loop") or {}
    return ["%d+%d" % (k["vgpr"], k["agpr"]), str(k["spills"]),
            str(k["lds_bytes"]), str(k["occupancy"]),
            str(m.get("instructions")), str(m.get("non_mfma_per_mfma_cycle"))]


def outside_gate(e, g, ratio):
    """What makes the general compiler's kernel miss the 5% gate: the main
    loop's figure, registers, spills, LDS or occupancy ("" when none)."""
    why = []
    if ratio > 1.05:
        why.append("loop")
    if g["vgpr"] + g["agpr"] > 1.05 * (e["vgpr"] + e["agpr"]):
        why.append("registers")
    if g["spills"] > 1.05 * e["spills"]:
        why.append("spills")
    if g["lds_bytes"] > 1.05 * e["lds_bytes"]:
        why.append("LDS")
    if g["occupancy"] < e["occupancy"]:
        why.append("occupancy")
    return ",".join(why)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.environ.get("AITER_BUILD_DIR",
                                                      os.path.join(root, "build")))
    ap.add_argument("--filter", default="")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    compile_ = os.path.join(a.build, "bin", "aiter-compile")
    todo = [c for c in configs() if a.filter in c[0]]
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        futs = [(c, ex.submit(report, compile_, c[1], c[2], True),
                 ex.submit(report, compile_, c[1], c[2], False)) for c in todo]
        print("| configuration | VGPR+AGPR emitter / general | spills | LDS | "
              "occupancy | loop insts | non-MFMA per MFMA cycle | ratio |")
        print("|---|---|---|---|---|---|---|---|")
        worse = 0
        for (label, _, _), fe, fg in futs:
            e, g = fe.result(), fg.result()
            ce, cg = cells(e), cells(g)
            row = [label] + ["%s / %s" % (x, y) for x, y in zip(ce, cg)]
            try:
                r = float(cg[5]) / float(ce[5])
                why = outside_gate(e, g, r)
                row.append("%.2f%s" % (r, (" " + why) if why else ""))
                worse += bool(why)
            except (ValueError, KeyError, ZeroDivisionError):
                row.append("-")
                worse += 1
            print("| " + " | ".join(row) + " |", flush=True)
        print("\n%d of %d configurations outside the 5%% gate (loop figure, "
              "registers, spills, LDS, occupancy)" % (worse, len(todo)))


if __name__ == "__main__":
    sys.exit(main())
