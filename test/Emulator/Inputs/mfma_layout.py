"""Per-lane register layouts of amdgpu.mfma operands, and a checker.

The layouts are those of the AMD Matrix Instruction Calculator
(github.com/ROCm/amd_matrix_instruction_calculator, `--detail-instruction
--register-layout` for v_mfma_f32_{32x32x8,16x16x16,32x32x4,16x16x4,4x4x4}_f16,
the *_bf16(_1k) and *_f32 variants, gfx950's 32x32x16/16x16x32 f16/bf16, and
the fp8 32x32x16/16x16x32) and of the CDNA3 ISA guide, section 7.1 ("Dependent
instruction ... matrix layouts"):

A (M x K, per block b): element A[b][i][k] is in lane i + M*(b + B*(k // KL)),
  register item k % KL, where KL is the number of A elements per lane.
B (K x N): element B[b][k][j] is in lane j + N*(b + B*(k // KL)), item k % KL.
C/D (M x N, f32): for 32x32: lane j + 32*((i // 4) % 2), item
  (i % 4) + 4*(i // 8) + 16*b; for 16x16: lane j + 16*(i // 4), item
  i % 4 + 4*b; for 4x4 (16 blocks): lane j + 4*b, item i.

usage: mfma_layout.py gen|check PREFIX M,N,K,B,KL,DTYPE...
files: PREFIX.mfma_MxNxK_bB_DTYPE.{a,b,c,d}.npy
"""
import sys
import numpy as np


def d_pos(M, i, j, b):
    if M == 32:
        return j + 32 * ((i // 4) % 2), (i % 4) + 4 * (i // 8) + 16 * b
    if M == 16:
        return j + 16 * (i // 4), i % 4 + 4 * b
    return j + 4 * b, i


def fp8_bits(x, ebits, bias):
    """Exact small values only (our inputs are small integers)."""
    if x == 0:
        return 0
    mbits = 7 - ebits
    s = 0x80 if x < 0 else 0
    x = abs(x)
    e = int(np.floor(np.log2(x)))
    m = x / 2.0**e - 1.0
    return s | ((e + bias) << mbits) | int(round(m * (1 << mbits)))


FP8 = {"f8E4M3FNUZ": (4, 8), "f8E5M2FNUZ": (5, 16), "f8E4M3FN": (4, 7),
       "f8E5M2": (5, 15)}


def encode(vals, dtype):
    if dtype == "f16":
        return vals.astype(np.float16)
    if dtype == "bf16":
        return (vals.astype(np.float32).view(np.uint32) >> 16).astype(np.uint16)
    if dtype == "f32":
        return vals.astype(np.float32)
    e, b = FP8[dtype]
    return np.vectorize(lambda v: fp8_bits(float(v), e, b))(vals).astype(np.uint8)


def run(mode, M, N, K, B, KL, dtype, prefix):
    accn = M * N * B // 64
    rng = np.random.default_rng(M * 1000 + K * 10 + B)
    if mode == "gen":
        a = rng.integers(-4, 5, size=(64, KL)).astype(np.float64)
        b = rng.integers(-4, 5, size=(64, KL)).astype(np.float64)
        c = (np.arange(64 * accn) % 97 - 48).reshape(64, accn).astype(np.float32)
        np.save(prefix + ".a.npy", encode(a, dtype))
        np.save(prefix + ".b.npy", encode(b, dtype))
        np.save(prefix + ".c.npy", c)
        return True
    a = rng.integers(-4, 5, size=(64, KL)).astype(np.float64)
    bl = rng.integers(-4, 5, size=(64, KL)).astype(np.float64)
    c = np.load(prefix + ".c.npy")
    d = np.load(prefix + ".d.npy")
    A = np.zeros((B, M, K))
    Bm = np.zeros((B, K, N))
    for blk in range(B):
        for i in range(M):
            for k in range(K):
                A[blk, i, k] = a[i + M * (blk + B * (k // KL)), k % KL]
        for k in range(K):
            for j in range(N):
                Bm[blk, k, j] = bl[j + N * (blk + B * (k // KL)), k % KL]
    want = np.zeros((64, accn), dtype=np.float32)
    C = np.zeros((B, M, N))
    for blk in range(B):
        for i in range(M):
            for j in range(N):
                lane, item = d_pos(M, i, j, blk)
                C[blk, i, j] = c[lane, item]
    D = C + A @ Bm
    for blk in range(B):
        for i in range(M):
            for j in range(N):
                lane, item = d_pos(M, i, j, blk)
                want[lane, item] = D[blk, i, j]
    if not np.array_equal(d, want):
        bad = np.argwhere(d != want)[:5]
        print(prefix, "mismatch at (lane, item):", bad.tolist(),
              [(d[tuple(x)], want[tuple(x)]) for x in bad])
        return False
    return True


def main():
    mode, prefix = sys.argv[1], sys.argv[2]
    ok = True
    for case in sys.argv[3:]:
        M, N, K, B, KL, dt = case.split(",")
        M, N, K, B, KL = map(int, (M, N, K, B, KL))
        name = f"{prefix}.mfma_{M}x{N}x{K}_b{B}_{dt}"
        ok &= run(mode, M, N, K, B, KL, dt, name)
    if not ok:
        sys.exit(1)
    print("ok")


main()
