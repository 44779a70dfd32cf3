"""Reference for control_flow.mlir: recomputes each output from the thread id."""
import sys
import numpy as np

base = sys.argv[1]
tid = np.arange(128)
want_if = np.where(tid % 2 == 0, 2 * tid, np.where(tid > 100, 0, tid + 100))
want_for = np.array([sum(range(t % 5 + 1)) for t in tid])


def collatz(n):
    s = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        s += 1
    return s


want_while = np.array([collatz(t + 1) for t in tid])
for name, want in [("if", want_if), ("for", want_for), ("while", want_while)]:
    got = np.load(f"{base}.{name}.npy")
    if not np.array_equal(got, want):
        bad = np.nonzero(got != want)[0]
        print(f"{name}: mismatch at {bad[:8]}: got {got[bad[:8]]} want {want[bad[:8]]}")
        sys.exit(1)
print("ok")
