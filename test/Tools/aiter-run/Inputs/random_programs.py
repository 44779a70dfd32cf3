"""random_programs.py [--summary] PREFIX SEED: a random valid tile program.

Writes PREFIX.mlir (one `aiter.kernel @rand`), its inputs as PREFIX.NAME.npy
(uniform in [-1, 1); bf16 as its bits), PREFIX.args (the aiter-run argument
list: --kernel, --grid and one --input per kernel argument, outputs NaN) and
PREFIX.check (FileCheck lines: the variant aiter-run must pick, and PASS), so
that

    aiter-run PREFIX.mlir $(cat PREFIX.args) --device=reference
    aiter-run PREFIX.mlir $(cat PREFIX.args) --check --chip=CHIP | FileCheck PREFIX.check

evaluate the program (which proves it valid) and differentially test the
compiler on it (DESIGN.md, layer 3 item 4; test/Tools/aiter-run/
random-programs.test runs a fixed set of seeds). The same SEED always gives
the same files. --summary prints one line naming the program's features (its
first comment line says the same). A sweep:

    for s in $(seq 1 500); do python3 random_programs.py /tmp/r$s $s &&
      aiter-run /tmp/r$s.mlir $(cat /tmp/r$s.args) --device=reference >/dev/null &&
      aiter-run /tmp/r$s.mlir $(cat /tmp/r$s.args) --check --chip=gfx942 | tail -1; done

A program computes one TM x TN tile per program id (0: rows, 1: columns, 2:
batch when batched) of runtime-sized tensors (memref<?x...>, strided<[?,
1]>) with ragged sizes; tile dims are powers of two in [16, 128]. Half the
programs have every row stride a multiple of 8 (the aligned variant), half
not (general). Some carry an aiter.config with 1, 2, 4 or 8 waves and an MFMA
both chips have. Its values come from sources:

- f32 tiles loaded straight, transposed through `dims`, or as the other
  shape and aiter.transpose'd, from 2-D or batched 3-D tensors (the batch
  first or between the tile's dims), with no pad, a finite pad or -inf
  (cleaned before use by a row/column max-shift-exp softmax, a select or a
  maximumf); 1-D row or column vectors, broadcast;
- scf.for loops over a runtime length reducing each tile into a vector (sum,
  max, min, or an online max-and-sum carrying two vectors);
- aiter.dot over an scf.for on a runtime K (or one dot when K fits a tile),
  bf16 operands loaded, loaded through dims [1, 0], or computed in f32
  (tanh, sin, a product) and truncated, B possibly through aiter.transpose,
  the accumulator starting at zero or at another tile; a Gram matrix X X^T;
  two dots; a dot whose result, mapped (tanh, or exp of a max-shift) and
  truncated, is the A operand of a second dot;
- global row/column indices (aiter.iota + the tile origin, expand_dims,
  broadcast, sitofp); a scalar f32 argument;

then a random DAG of elementwise arith (addf subf mulf maximumf minimumf,
divf by a constant or by |x| + c, negf, fma, splat constants), math (exp
exp2 tanh sin cos erf sqrt/log/rsqrt of |x| + c, absf, floor), selects on
cmpf and on index masks (causal, row limit, parity: cmpi, addi, andi),
reductions (max min sum) broadcast back, square transposes and rectangular
ones there and back, bf16 round trips (truncf/extf), scf.if on a scalar
condition (program id parity, a runtime size, the scalar argument) and
scf.for loops on a runtime trip count carrying a tile (with an scf.if on the
induction variable inside). It stores one or two values: plain (f32 or
bf16), transposed through `dims` or aiter.transpose, a reduced row or column
(into a 1-D output, or a 2-D one through `dims [1]` with the program id as
the fixed index), under an scf.if, a second store to the first's tile, or a
store of the first tile loaded back (a load sees earlier stores).

Values are kept tame: inputs are uniform in [-1, 1), magnitudes are bounded
(power-of-two rescaling, which is exact), exp only sees bounded arguments,
denominators, sqrt, log and rsqrt arguments are bounded away from 0, compares
and floors only see values both devices compute bit for bit, and no
reduction is constant by construction (the sum of x - mean(x), the max of x -
max(x) or of its exp, along the same axis). A rough error model
(each value's expected difference between the devices, glibc's tanhf being 2
ulps from the correctly rounded tanh the emulator computes) rejects a program
whose outputs would not fit aiter-run --check's tolerance; the generator then
draws again from the seed.

Left out: f16 and fp8 (the task's programs are f32 with bf16 dot operands),
integer outputs, non-splat constants (the lowering rejects them), stores that
race between programs (the order of programs is the evaluator's, not the
hardware's), tiles over 8192 f32 elements (a layout conversion of one goes
through LDS, and 64 KiB is all of gfx942's).
"""
import math
import random
import re
import sys

import numpy as np

INF = float("inf")


def fmt_float(x):
    if x == -INF:
        return "0xFF800000"
    if x == INF:
        return "0x7F800000"
    return "%.9e" % x


def pad_attr(x):
    if x == -INF:
        return "0xFFF0000000000000"
    if x == INF:
        return "0x7FF0000000000000"
    return "%.9e" % x


def ttype(shape, et):
    if not shape:
        return et
    return "tensor<%sx%s>" % ("x".join(str(d) for d in shape), et)


def memtype(rank, et):
    dims = "x".join(["?"] * rank)
    if rank == 1:
        return "memref<%sx%s>" % (dims, et)
    strides = ", ".join(["?"] * (rank - 1) + ["1"])
    return "memref<%sx%s, strided<[%s]>>" % (dims, et, strides)


def flip(degenerate):
    """The degenerate reductions of -x, given x's."""
    swap = {"max": "min", "min": "max", "sum": "sum"}
    return frozenset((a, swap[k]) for a, k in degenerate)


def mix_mag(a, b):
    """The typical magnitude of a value that is one of two others (max, min,
    select): not above the smaller by much, so as not to overstate it (the
    error budget scales with it)."""
    return max(min(a, b), 0.35 * max(a, b))


class Val:
    """A tile (or scalar) value: its SSA name and type, and for floats a
    typical magnitude (rms estimate), a bound on |value|, the expected
    difference between the devices (in units of 2^-24) and whether it may
    hold -inf."""

    def __init__(self, name, shape, et="f32", mag=0.577, bnd=1.0, err=0.0,
                 ninf=False):
        self.name, self.shape, self.et = name, tuple(shape), et
        self.mag, self.bnd, self.err, self.ninf = mag, bnd, err, ninf
        assert all(map(math.isfinite, (mag, bnd, err))), (name, mag, bnd, err)
        self.uses = 0
        self.const = False
        self.cvalue = None
        # Axes along which the value is the same in every row (a broadcast).
        self.uniform = frozenset()
        # (axis, kind) pairs for which the reduction is the same constant in
        # every row: x - mean(x) sums to 0 (a sum of rounding noise), x -
        # max(x) has max 0, exp(x - max(x)) max 1, and linear or monotone
        # maps of such.
        self.degenerate = frozenset()

    @property
    def type(self):
        return ttype(self.shape, self.et)

    @property
    def exact(self):
        return self.err == 0


class Buf:
    def __init__(self, name, et, shape, role, layout=None):
        self.name, self.et, self.shape, self.role = name, et, list(shape), role
        # Its dimensions' names in order (M, N: the output tile's; B batch;
        # K, L, S: reduced; G: one row per program along the other axis).
        self.layout = layout

    @property
    def type(self):
        return memtype(len(self.shape), self.et)


class Retry(Exception):
    pass


TILE_DIMS = (16, 32, 64, 128)
# MFMAs both chips have for bf16 (an aiter.config names one of them, so that
# a program compiles the same way for both).
COMMON_MFMAS = ("32x32x8", "16x16x16")


def dot_shape_ok(m, n, waves, mfma_mn):
    """aiter-assign-layouts' rule: waves split M first, then N, in whole
    MFMA blocks."""
    gm = max(1, min(waves, m // mfma_mn))
    gn = waves // gm
    return gm * gn == waves and m % (gm * mfma_mn) == 0 and \
        n % (gn * mfma_mn) == 0


# f32 tiles stay at or below 8192 elements: a layout conversion of a tile
# goes through LDS, and 16384 f32 (64 KiB) is all of gfx942's.
MAX_F32_TILE = 8192
MAX_TILE = 16384


class Gen:
    def __init__(self, seed, attempt):
        self.rng = random.Random(seed * 7919 + attempt * 104729 + 17)
        self.seed, self.attempt = seed, attempt
        self.prologue = []  # constants, ids, dims (hoisted: visible everywhere)
        self.body = []
        self.depth = 1
        self.count = 0
        self.consts = {}
        self.dims = {}
        self.bufs = []  # kernel arguments in order (Buf or scalar tuples)
        self.pool = []  # [TM, TN] f32 values
        self.vrows = []  # [TM] f32
        self.vcols = []  # [TN] f32
        self.terms = 0  # float terms summed (dot K, sum lengths), at least
        self.has_trunc = False
        self.features = []
        # SSA names whose value depends on the inputs or the element's
        # position (not only on constants and the scalar argument).
        self.varying = set()

    # --- emission helpers ---------------------------------------------------
    def fresh(self, p="v"):
        self.count += 1
        return "%%%s%d" % (p, self.count)

    def emit(self, line):
        self.body.append("  " * self.depth + line)
        m = re.match(r"(%\w+)(?::\d+)? = (\S+)(.*)", line)
        if m:
            name, op, rest = m.groups()
            used = {u.split("#")[0] for u in re.findall(r"%[\w#]+", rest)}
            if op in ("aiter.load", "aiter.iota") or \
                    used & self.varying:
                self.varying.add(name)

    def is_varying(self, v):
        return v.name.split("#")[0] in self.varying

    def cidx(self, v):
        key = ("index", v)
        if key not in self.consts:
            name = "%%c%d" % v
            self.prologue.append("%s = arith.constant %d : index" % (name, v))
            self.consts[key] = name
        return self.consts[key]

    def cst(self, shape, et, value):
        key = (tuple(shape), et, value)
        if key not in self.consts:
            name = self.fresh("k")
            if shape:
                lit = str(int(value)) if et.startswith("i") else fmt_float(value)
                self.prologue.append("%s = arith.constant dense<%s> : %s"
                                     % (name, lit, ttype(shape, et)))
            else:
                lit = str(int(value)) if et.startswith("i") else fmt_float(value)
                self.prologue.append("%s = arith.constant %s : %s"
                                     % (name, lit, et))
            self.consts[key] = name
        return self.consts[key]

    def cval(self, shape, value):
        """A splat f32 constant as a Val (exact)."""
        a = abs(value) if math.isfinite(value) else 1.0
        v = Val(self.cst(shape, "f32", value), shape, mag=a, bnd=a,
                ninf=value == -INF)
        v.const, v.cvalue = True, value
        v.uniform = frozenset(range(len(shape)))
        return v

    def dim(self, buf, i):
        key = (buf.name, i)
        if key not in self.dims:
            name = self.fresh("d")
            self.prologue.append("%s = memref.dim %s, %s : %s"
                                 % (name, buf.name, self.cidx(i), buf.type))
            self.dims[key] = name
        return self.dims[key]

    def un(self, op, x, mag, bnd, err):
        name = self.fresh()
        self.emit("%s = %s %s : %s" % (name, op, x.name, x.type))
        x.uses += 1
        v = Val(name, x.shape, x.et, mag, bnd, err)
        v.uniform = x.uniform
        if op == "arith.negf":
            v.degenerate = flip(x.degenerate)
        elif op in ("math.exp", "math.exp2", "math.tanh", "math.erf"):
            v.degenerate = frozenset(p for p in x.degenerate if p[1] != "sum")
        return v

    def bin(self, op, a, b, mag, bnd, err):
        assert a.shape == b.shape and a.et == b.et, (op, a.type, b.type)
        name = self.fresh()
        self.emit("%s = %s %s, %s : %s" % (name, op, a.name, b.name, a.type))
        a.uses += 1
        b.uses += 1
        v = Val(name, a.shape, a.et, mag, bnd, err)
        v.uniform = a.uniform & b.uniform
        if op in ("arith.addf", "arith.subf"):
            v.degenerate = frozenset(p for p in a.degenerate & b.degenerate
                                     if p[1] == "sum")
        elif op in ("arith.mulf", "arith.divf") and b.const:
            v.degenerate = a.degenerate if b.cvalue > 0 else flip(a.degenerate)
        elif op == "arith.mulf" and a.const:
            v.degenerate = b.degenerate if a.cvalue > 0 else flip(b.degenerate)
        return v

    def cmpf(self, pred, a, b):
        name = self.fresh("m")
        self.emit("%s = arith.cmpf %s, %s, %s : %s"
                  % (name, pred, a.name, b.name, a.type))
        a.uses += 1
        b.uses += 1
        v = Val(name, a.shape, "i1", 0, 0, 0)
        v.uniform = a.uniform & b.uniform
        return v

    def cmpi(self, pred, a, b):
        name = self.fresh("m")
        self.emit("%s = arith.cmpi %s, %s, %s : %s"
                  % (name, pred, a.name, b.name, a.type))
        v = Val(name, a.shape, "i1", 0, 0, 0)
        v.uniform = a.uniform & b.uniform
        return v

    def select(self, m, a, b):
        name = self.fresh()
        self.emit("%s = arith.select %s, %s, %s : %s, %s"
                  % (name, m.name, a.name, b.name, m.type, a.type))
        a.uses += 1
        b.uses += 1
        v = Val(name, a.shape, a.et, mix_mag(a.mag, b.mag), max(a.bnd, b.bnd),
                max(a.err, b.err), a.ninf or b.ninf)
        v.uniform = m.uniform & a.uniform & b.uniform
        return v

    def reduce(self, kind, x, axis):
        for k in (kind, "max", "min", "sum"):
            if (axis, k) not in x.degenerate:
                kind = k
                break
        shape = tuple(d for i, d in enumerate(x.shape) if i != axis)
        n = x.shape[axis]
        name = self.fresh("r")
        self.emit("%s = aiter.reduce %s %s axis %d : %s -> %s"
                  % (name, kind, x.name, axis, x.type, ttype(shape, x.et)))
        x.uses += 1
        if kind == "sum":
            self.terms += n
            # Sums are rescaled by the caller; the magnitude is that of a
            # sum of n terms (neither fully cancelling nor all alike).
            v = Val(name, shape, x.et, x.mag * math.sqrt(n),
                    x.bnd * n, x.err * n + 2 * math.log2(n) * n * x.mag)
        else:
            v = Val(name, shape, x.et, max(x.mag, 0.7 * x.bnd), x.bnd, x.err,
                    x.ninf)
        v.kind = kind
        v.uniform = frozenset(a - (a > axis) for a in x.uniform if a != axis)
        return v

    def expand(self, x, axis):
        shape = list(x.shape)
        shape.insert(axis, 1)
        name = self.fresh()
        self.emit("%s = aiter.expand_dims %s axis %d : %s -> %s"
                  % (name, x.name, axis, x.type, ttype(shape, x.et)))
        x.uses += 1
        v = Val(name, shape, x.et, x.mag, x.bnd, x.err, x.ninf)
        v.uniform = frozenset({axis} | {a + (a >= axis) for a in x.uniform})
        return v

    def broadcast(self, x, shape):
        name = self.fresh()
        self.emit("%s = aiter.broadcast %s : %s -> %s"
                  % (name, x.name, x.type, ttype(shape, x.et)))
        x.uses += 1
        v = Val(name, shape, x.et, x.mag, x.bnd, x.err, x.ninf)
        if not x.shape:
            v.uniform = frozenset(range(len(shape)))
        else:
            v.uniform = x.uniform | {i for i, d in enumerate(x.shape)
                                     if d == 1 and shape[i] != 1}
        return v

    def bcast_vec(self, v, axis, shape=None):
        """A [TM] (axis 1) or [TN] (axis 0) vector broadcast to [TM, TN] (or
        to `shape`)."""
        e = self.expand(v, axis)
        return self.broadcast(e, shape or (self.TM, self.TN))

    def transpose(self, x):
        shape = (x.shape[1], x.shape[0])
        name = self.fresh("t")
        self.emit("%s = aiter.transpose %s : %s -> %s"
                  % (name, x.name, x.type, ttype(shape, x.et)))
        x.uses += 1
        v = Val(name, shape, x.et, x.mag, x.bnd, x.err, x.ninf)
        v.degenerate = frozenset((1 - a, k) for a, k in x.degenerate)
        v.uniform = frozenset(1 - a for a in x.uniform)
        return v

    def trunc(self, x, et="bf16"):
        self.has_trunc = True
        name = self.fresh("h")
        self.emit("%s = arith.truncf %s : %s to %s"
                  % (name, x.name, x.type, ttype(x.shape, et)))
        x.uses += 1
        err = x.err + (2 ** 17 * x.mag if x.err else 0)
        v = Val(name, x.shape, et, x.mag, x.bnd, err)
        v.uniform = x.uniform
        return v

    def ext(self, x):
        name = self.fresh()
        self.emit("%s = arith.extf %s : %s to %s"
                  % (name, x.name, x.type, ttype(x.shape, "f32")))
        x.uses += 1
        v = Val(name, x.shape, "f32", x.mag, x.bnd, x.err)
        v.uniform = x.uniform
        return v

    def load(self, buf, idx, shape, dims=None, pad=None):
        name = self.fresh("l")
        s = "%s = aiter.load %s[%s]" % (name, buf.name, ", ".join(idx))
        if dims is not None:
            s += " dims [%s]" % ", ".join(str(d) for d in dims)
        if pad is not None:
            s += " pad " + pad_attr(pad)
        s += " : %s -> %s" % (buf.type, ttype(shape, buf.et))
        self.emit(s)
        pb = abs(pad) if pad is not None and math.isfinite(pad) else 0
        return Val(name, shape, buf.et, 0.577, max(1.0, pb), 0.0, pad == -INF)

    def store(self, v, buf, idx, dims=None):
        s = "aiter.store %s, %s[%s]" % (v.name, buf.name, ", ".join(idx))
        if dims is not None:
            s += " dims [%s]" % ", ".join(str(d) for d in dims)
        s += " : %s -> %s" % (v.type, buf.type)
        self.emit(s)
        v.uses += 1

    def scale(self, x, k):
        """x * 2^k (exact)."""
        if k == 0:
            return x
        c = self.cval(x.shape, 2.0 ** k)
        return self.bin("arith.mulf", x, c, x.mag * 2.0 ** k, x.bnd * 2.0 ** k,
                        x.err * 2.0 ** k)

    def tame(self, x, limit=4.0):
        """Rescales x by a power of two so that its bound is <= limit."""
        if x.bnd <= limit:
            return x
        return self.scale(x, -math.ceil(math.log2(x.bnd / limit)))

    def normalize(self, x):
        """Rescales x so that its typical magnitude is about 1 (exact)."""
        if x.mag <= 0:
            return x
        k = -round(math.log2(x.mag))
        if x.bnd * 2.0 ** k > 64:
            k = -math.ceil(math.log2(x.bnd / 64))
        return self.scale(x, k)

    # --- buffers and sizes --------------------------------------------------
    def new_buf(self, et, shape, role, layout=None):
        name = "%%%s%d" % ("in" if role == "in" else "out", len(self.bufs))
        b = Buf(name, et, shape, role, layout)
        self.bufs.append(b)
        return b

    def size(self, tile, count, ragged=True, mult8=None):
        """A runtime size spanning `count` tiles, ragged against the tile."""
        mult8 = self.aligned if mult8 is None else mult8
        lo, hi = (count - 1) * tile + 1, count * tile
        cands = [s for s in range(lo, hi + 1)
                 if (not mult8 or s % 8 == 0) and (not ragged or s % tile)]
        if not cands:
            cands = [s for s in range(lo, hi + 1) if not mult8 or s % 8 == 0]
        return self.rng.choice(cands)

    # --- sources --------------------------------------------------------------
    def main_layout(self, transposed):
        """The dimension order of a buffer of the output space: M and N (N
        and M when transposed), and the batch B before both or between them
        (then the tile dims are not the trailing ones)."""
        mn = "NM" if transposed else "MN"
        if not self.batched:
            return mn
        return self.rng.choice(["B" + mn, mn[0] + "B" + mn[1]])

    def main_idx(self, layout):
        return [{"B": getattr(self, "pid2", None), "M": self.m0,
                 "N": self.n0}[c] for c in layout]

    def main_shape(self, layout):
        return [{"B": self.B, "M": self.M, "N": self.N}[c] for c in layout]

    def main_dims(self, layout, want):
        """`dims` for a `want` ("MN": [TM, TN]; "NM": [TN, TM]) tile of a
        buffer of `layout`; None (sometimes) for the default, the trailing
        dims in order."""
        dims = [layout.index(want[0]), layout.index(want[1])]
        r = len(layout)
        if dims == [r - 2, r - 1] and self.rng.random() < 0.7:
            return None
        return dims

    def clean_ninf(self, x):
        """Replaces the -inf of a padded load, by one of three idioms."""
        how = self.rng.choice(["softmax", "select", "max"])
        T = (self.TM, self.TN)
        if how == "softmax":
            axis = self.rng.randrange(2)
            vshape = (self.TN,) if axis == 0 else (self.TM,)
            mx = self.reduce("max", x, axis)
            isinf = self.cmpf("oeq", mx, self.cval(vshape, -INF))
            mxc = self.select(isinf, self.cval(vshape, 0.0), mx)
            mxc.ninf = False
            b = self.bcast_vec(mxc, axis)
            d = self.bin("arith.subf", x, b, 0.6, 2.0 * x.bnd, 0)
            d.degenerate = frozenset({(axis, "max")})
            e = self.un("math.exp", d, 0.45, 1.0, 2 * 0.45 + 2)
            self.features.append("softmax(-inf pad, axis %d)" % axis)
            if self.rng.random() < 0.5:
                s = self.reduce("sum", e, axis)
                z = self.cval(vshape, 0.0)
                iz = self.cmpf("oeq", s, z)
                ss = self.select(iz, self.cval(vshape, 1.0), s)
                sb = self.bcast_vec(ss, axis)
                n = x.shape[axis]
                p = self.bin("arith.divf", e, sb, 0.45 / n, 1.0,
                             (e.err + 2 * math.log2(n) * 0.45 + 4) / n)
                return self.normalize(p)
            return e
        if how == "select":
            isinf = self.cmpf("oeq", x, self.cval(T, -INF))
            r = self.select(isinf, self.cval(T, self.rng.choice([0.0, -2.0])), x)
        else:
            r = self.bin("arith.maximumf", x, self.cval(T, -2.0), x.mag, 2.0, 0)
        r.ninf = False
        r.bnd = max(r.bnd, 2.0)
        self.features.append("-inf pad cleaned by " + how)
        return r

    def src_load(self):
        layout = self.main_layout(self.rng.random() < 0.35)
        buf = self.new_buf("f32", self.main_shape(layout), "in", layout)
        via_t = self.rng.random() < 0.3
        want = "NM" if via_t else "MN"
        pad = self.rng.choice([None, None, 0.0, 0.5, -1.0, -INF, -INF])
        shape = (self.TN, self.TM) if via_t else (self.TM, self.TN)
        dims = self.main_dims(layout, want)
        x = self.load(buf, self.main_idx(layout), shape, dims, pad)
        self.features.append("load %s%s%s%s" % (
            layout, " dims" if dims else "", " +transpose" if via_t else "",
            "" if pad is None else " pad %s" % pad))
        if via_t:
            x = self.transpose(x)
        if x.ninf:
            x = self.clean_ninf(x)
        return x

    def src_vec(self):
        rows = self.rng.random() < 0.5
        n, t, off = (self.M, self.TM, self.m0) if rows else (self.N, self.TN, self.n0)
        buf = self.new_buf("f32", [n], "in", "M" if rows else "N")
        pad = self.rng.choice([None, 0.5])
        v = self.load(buf, [off], (t,), None, pad)
        if self.rng.random() < 0.5:
            op = self.rng.choice(["math.exp", "math.tanh", "math.absf"])
            v = self.un(op, v, 0.8, 2.8 if op == "math.exp" else 1.0,
                        0 if op == "math.absf" else 6)
        (self.vrows if rows else self.vcols).append(v)
        self.features.append("vector %s" % ("rows" if rows else "cols"))
        return self.bcast_vec(v, 1 if rows else 0)

    def src_rowloop(self):
        """scf.for over a runtime length, reducing each tile into a vector."""
        cols = self.rng.random() < 0.5  # reduce over rows: a [TN] result
        kind = self.rng.choice(["sum", "sum", "max", "min", "online"])
        other = self.TN if cols else self.TM
        tl = self.rng.choice([t for t in (16, 32, 64)
                              if t * other <= MAX_F32_TILE])
        trips = self.rng.choice([1, 2, 3])
        L = self.size(tl, trips)
        if cols:
            buf = self.new_buf("f32", [L, self.N], "in", "LN")
            shape, axis, vshape = (tl, self.TN), 0, (self.TN,)
        else:
            buf = self.new_buf("f32", [self.M, L], "in", "ML")
            shape, axis, vshape = (self.TM, tl), 1, (self.TM,)
        Ld = self.dim(buf, 0 if cols else 1)
        iv = self.fresh("i")
        pad = {"sum": None, "max": -INF, "min": INF, "online": -INF}[kind]
        self.features.append("loop-reduce %s axis %d (L=%d step %d)"
                             % (kind, axis, L, tl))
        if kind == "online":
            m_init = self.cval(vshape, -INF)
            l_init = self.cval(vshape, 0.0)
            res = self.fresh("f")
            self.emit("%s:2 = scf.for %s = %s to %s step %s iter_args(%%om%d = %s, %%ol%d = %s) -> (%s, %s) {"
                      % (res, iv, self.cidx(0), Ld, self.cidx(tl), self.count,
                         m_init.name, self.count, l_init.name,
                         ttype(vshape, "f32"), ttype(vshape, "f32")))
            mo = Val("%%om%d" % self.count, vshape, bnd=1, ninf=True)
            lo = Val("%%ol%d" % self.count, vshape)
            self.depth += 1
            idx = [iv, self.n0] if cols else [self.m0, iv]
            t = self.load(buf, idx, shape, None, pad)
            tm = self.reduce("max", t, axis)
            mn = self.bin("arith.maximumf", mo, tm, 1, 1, 0)
            isinf = self.cmpf("oeq", mn, self.cval(vshape, -INF))
            ms = self.select(isinf, self.cval(vshape, 0.0), mn)
            d = self.bin("arith.subf", mo, ms, 1, 2, 0)
            alpha = self.un("math.exp", d, 1, 1, 2)
            bms = self.bcast_vec(ms, axis, shape)
            sd = self.bin("arith.subf", t, bms, 1, 2, 0)
            p = self.un("math.exp", sd, 0.5, 1, 2)
            ps = self.reduce("sum", p, axis)
            ls = self.bin("arith.mulf", lo, alpha, 1, 1, 0)
            ln = self.bin("arith.addf", ls, ps, 1, 1, 0)
            self.emit("scf.yield %s, %s : %s, %s" % (mn.name, ln.name,
                                                     mn.type, ln.type))
            self.depth -= 1
            self.emit("}")
            self.varying.add(res)
            n = L
            r = Val("%s#1" % res, vshape, mag=0.5 * n, bnd=n,
                    err=(2 * math.log2(tl) + 8) * 0.5 * n)
            return self.normalize(r), vshape, axis
        init = self.cval(vshape, {"sum": 0.0, "max": -INF, "min": INF}[kind])
        acc = "%%acc%d" % self.count
        res = self.fresh("f")
        self.emit("%s = scf.for %s = %s to %s step %s iter_args(%s = %s) -> (%s) {"
                  % (res, iv, self.cidx(0), Ld, self.cidx(tl), acc, init.name,
                     ttype(vshape, "f32")))
        self.depth += 1
        idx = [iv, self.n0] if cols else [self.m0, iv]
        t = self.load(buf, idx, shape, None, pad)
        if kind == "sum" and self.rng.random() < 0.5:
            t = self.un("math.sin", t, 0.5, 1, 2)
        r = self.reduce(kind, t, axis)
        comb = {"sum": "arith.addf", "max": "arith.maximumf",
                "min": "arith.minimumf"}[kind]
        a = Val(acc, vshape)
        nv = self.bin(comb, a, r, 1, 1, 0)
        self.emit("scf.yield %s : %s" % (nv.name, nv.type))
        self.depth -= 1
        self.emit("}")
        self.varying.add(res)
        if kind == "sum":
            out = Val(res, vshape, mag=0.5 * math.sqrt(L), bnd=L,
                      err=(2 * math.log2(tl) + 4) * math.sqrt(L))
            return self.normalize(out), vshape, axis
        out = Val(res, vshape, mag=0.8, bnd=1, ninf=True)
        lim = -INF if kind == "max" else INF
        isinf = self.cmpf("oeq", out, self.cval(vshape, lim))
        c = self.select(isinf, self.cval(vshape, 0.0), out)
        c.ninf = False
        return c, vshape, axis

    def src_rowloop_tile(self):
        v, vshape, axis = self.src_rowloop()
        (self.vcols if axis == 0 else self.vrows).append(v)
        return self.bcast_vec(v, axis)

    def dot_operand(self, which, mode, tk, k0):
        """The A ([TM, TK]) or B ([TK, TN]) operand of a dot, in bf16."""
        TM, TN = self.TM, self.TN
        K = self.K
        if which == "A":
            if mode == "load":
                b = self.new_buf("bf16", [self.M, K], "in", "MK")
                return self.load(b, [self.m0, k0], (TM, tk), None,
                                 self.rng.choice([None, 0.0]))
            if mode == "loadT":
                b = self.new_buf("bf16", [K, self.M], "in", "KM")
                return self.load(b, [k0, self.m0], (TM, tk), [1, 0])
            b = self.new_buf("f32", [self.M, K], "in", "MK")
            x = self.load(b, [self.m0, k0], (TM, tk))
        else:
            if mode == "load":
                b = self.new_buf("bf16", [K, self.N], "in", "KN")
                return self.load(b, [k0, self.n0], (tk, TN))
            if mode == "loadT":
                b = self.new_buf("bf16", [self.N, K], "in", "NK")
                return self.load(b, [self.n0, k0], (tk, TN), [1, 0])
            if mode == "compT":
                b = self.new_buf("f32", [self.N, K], "in", "NK")
                x = self.transpose(self.load(b, [self.n0, k0], (TN, tk)))
            else:
                b = self.new_buf("f32", [K, self.N], "in", "KN")
                x = self.load(b, [k0, self.n0], (tk, TN))
        f = self.rng.choice(["math.tanh", "mul", "sq", "math.sin"])
        if f == "mul":
            x = self.bin("arith.mulf", x, self.cval(x.shape, 1.5), 0.8, 1.5, 0)
        elif f == "sq":
            x = self.bin("arith.mulf", x, x, 0.45, 1, 0)
        else:
            x = self.un(f, x, 0.5, 1, 2)
        return self.trunc(x)

    def src_dot(self, n_inputs):
        """acc = A B over a runtime K: an scf.for (or one dot when K fits a
        tile), bf16 operands loaded (straight or through dims) or computed in
        f32 and truncated. With one input, a Gram matrix X X^T."""
        TM, TN = self.TM, self.TN
        tk = self.rng.choice([t for t in (16, 32, 64)
                              if t * max(TM, TN) <= MAX_TILE])
        single = self.rng.random() < 0.3
        trips = 1 if single else self.rng.choice([1, 2, 3])
        self.K = self.size(tk, trips)
        gram = n_inputs == 1
        init = None
        if self.pool and self.rng.random() < 0.3:
            init = self.pick()
        zero = self.cval((TM, TN), 0.0)
        k0 = self.cidx(0)
        if not single:
            kbuf_idx = len(self.bufs)
            acc = "%%acc%d" % self.count
            res = self.fresh("f")
            k0 = self.fresh("k")
            header_at = len(self.body)
            self.depth += 1
        if gram:
            b = self.new_buf("bf16", [self.M, self.K], "in", "MK")
            a = self.load(b, [self.m0, k0], (TM, tk))
            bt = self.load(b, [self.n0, k0], (TN, tk))
            bb = self.transpose(bt)
            amode = bmode = "gram"
        else:
            amode = self.rng.choice(["load", "loadT", "comp"])
            bmode = self.rng.choice(["load", "loadT", "compT", "comp"])
            a = self.dot_operand("A", amode, tk, k0)
            bb = self.dot_operand("B", bmode, tk, k0)
        accv = Val(acc if not single else (init or zero).name, (TM, TN))
        d = self.fresh("dot")
        self.emit("%s = aiter.dot %s, %s, %s : %s, %s -> %s"
                  % (d, a.name, bb.name, accv.name, a.type, bb.type,
                     ttype((TM, TN), "f32")))
        self.terms += tk * trips
        if not single:
            self.emit("scf.yield %s : %s" % (d, ttype((TM, TN), "f32")))
            self.depth -= 1
            self.emit("}")
            kbuf = self.bufs[kbuf_idx]
            kd = self.dim(kbuf, 0 if (kbuf.layout in ("KM", "KN")) else 1)
            self.body.insert(header_at, "  " * self.depth +
                             "%s = scf.for %s = %s to %s step %s iter_args(%s = %s) -> (%s) {"
                             % (res, k0, self.cidx(0), kd, self.cidx(tk), acc,
                                (init or zero).name, ttype((TM, TN), "f32")))
            self.varying.add(res)
            d = res
        if init is not None:
            init.uses += 1
        self.features.append("dot %dx%dx%d %s A=%s B=%s%s (K=%d)" % (
            TM, TN, tk, "single" if single else "loop", amode, bmode,
            " acc=value" if init else "", self.K))
        K = self.K
        mag = math.sqrt(K) * 0.35 + (init.mag if init else 0)
        err = 4 * math.sqrt(K) * 0.35 * math.log2(K + 1) + \
            (init.err if init else 0)
        if amode == "comp" or bmode in ("comp", "compT"):
            err += 2 ** 17 * 0.35 * math.sqrt(K)  # a bf16 operand may flip
        return self.normalize(Val(d, (TM, TN), mag=mag, bnd=K + (init.bnd if init else 0), err=err))

    def src_chain(self):
        """O = g(A B) W: a dot whose f32 result, mapped and truncated to
        bf16, is the A operand of a second dot (the attention pattern). The
        inner dimension S is one ragged tile."""
        TM, TN, TS = self.TM, self.TN, self.TS
        tk = self.rng.choice([t for t in (16, 32, 64) if t * max(TM, TS) <= MAX_TILE])
        self.K = self.size(tk, 1)
        a_buf = self.new_buf("bf16", [self.M, self.K], "in", "MK")
        b_buf = self.new_buf("bf16", [self.K, self.S], "in", "KS")
        w_buf = self.new_buf("bf16", [self.S, self.N], "in", "SN")
        c0 = self.cidx(0)
        a = self.load(a_buf, [self.m0, c0], (TM, tk))
        b = self.load(b_buf, [c0, c0], (tk, TS))
        z = self.cval((TM, TS), 0.0)
        s = self.fresh("dot")
        self.emit("%s = aiter.dot %s, %s, %s : %s, %s -> %s"
                  % (s, a.name, b.name, z.name, a.type, b.type,
                     ttype((TM, TS), "f32")))
        self.terms += tk
        sv = Val(s, (TM, TS), mag=0.35 * math.sqrt(self.K), bnd=self.K,
                 err=4 * math.sqrt(self.K))
        sv = self.tame(sv, 2.0)
        g = self.rng.choice(["tanh", "exp"])
        if g == "tanh":
            p = self.un("math.tanh", sv, 0.5, 1, sv.err + 2)
        else:
            mx = self.reduce("max", sv, 1)
            e = self.expand(mx, 1)
            bm = self.broadcast(e, (TM, TS))
            d = self.bin("arith.subf", sv, bm, 1, 4, sv.err * 2)
            p = self.un("math.exp", d, 0.5, 1, d.err + 2)
        ph = self.trunc(p)
        w = self.load(w_buf, [c0, self.n0], (TS, TN))
        o = self.fresh("dot")
        self.emit("%s = aiter.dot %s, %s, %s : %s, %s -> %s"
                  % (o, ph.name, w.name, self.cval((TM, TN), 0.0).name,
                     ph.type, w.type, ttype((TM, TN), "f32")))
        self.terms += TS
        self.features.append("dot chain %dx%dx%d -> %s -> %dx%dx%d (K=%d S=%d)"
                             % (TM, TS, tk, g, TM, TN, TS, self.K, self.S))
        mag = 0.5 * 0.577 * math.sqrt(self.S)
        return self.normalize(Val(o, (TM, TN), mag=mag, bnd=self.S,
                                  err=2 ** 17 * mag + 4 * self.S))

    def src_iota(self):
        """Global row or column indices (aiter.iota plus the tile origin,
        broadcast) as f32, rescaled by a power of two (exact)."""
        rows = self.rng.random() < 0.5
        b = self.idx_tile("rows" if rows else "cols")
        f = self.fresh()
        self.emit("%s = arith.sitofp %s : %s to %s"
                  % (f, b.name, b.type, ttype((self.TM, self.TN), "f32")))
        self.features.append("iota %s" % ("rows" if rows else "cols"))
        top = (self.M if rows else self.N) + self.TM + self.TN
        v = Val(f, (self.TM, self.TN), mag=top / 2, bnd=top)
        v.uniform = b.uniform
        return self.tame(v, 4.0)

    def idx_tile(self, which):
        """The i32 [TM, TN] tile of global row (or column) indices."""
        if which not in self.idx_tiles:
            TM, TN = self.TM, self.TN
            rows = which == "rows"
            n = TM if rows else TN
            iv = self.fresh("io")
            self.emit("%s = aiter.iota : %s" % (iv, ttype((n,), "i32")))
            off = self.m0i if rows else self.n0i
            ob = self.fresh()
            self.emit("%s = aiter.broadcast %s : i32 -> %s" % (ob, off, ttype((n,), "i32")))
            g = self.fresh()
            self.emit("%s = arith.addi %s, %s : %s" % (g, iv, ob, ttype((n,), "i32")))
            self.idx_tiles[which] = self.bcast_vec(Val(g, (n,), "i32"),
                                                   1 if rows else 0)
        return self.idx_tiles[which]

    def make_mask(self):
        """An exact i1 [TM, TN] tile from global indices."""
        T = (self.TM, self.TN)
        kind = self.rng.choice(["causal", "rowlimit", "parity"])
        r = self.idx_tile("rows")
        c = self.idx_tile("cols")
        if kind == "causal":
            m = self.cmpi(self.rng.choice(["sle", "sgt"]), c, r)
        elif kind == "rowlimit":
            lim = self.rng.randrange(1, max(2, self.M))
            m = self.cmpi("slt", r, Val(self.cst(T, "i32", lim), T, "i32"))
        else:
            s = self.fresh()
            self.emit("%s = arith.addi %s, %s : %s" % (s, r.name, c.name, ttype(T, "i32")))
            a = self.fresh()
            self.emit("%s = arith.andi %s, %s : %s" % (a, s, self.cst(T, "i32", 1), ttype(T, "i32")))
            m = self.cmpi("eq", Val(a, T, "i32"), Val(self.cst(T, "i32", 0), T, "i32"))
        self.features.append("mask " + kind)
        return m

    def src_scalar(self):
        name = "%%s%d" % len(self.bufs)
        val = self.rng.choice([0.75, -0.5, 1.25, 0.375])
        self.bufs.append(("scalar", name, val))
        self.scalar = Val(name, (), "f32", abs(val), abs(val))
        b = self.fresh()
        self.emit("%s = aiter.broadcast %s : f32 -> %s" % (b, name, ttype((self.TM, self.TN), "f32")))
        self.features.append("scalar arg")
        return Val(b, (self.TM, self.TN), mag=abs(val), bnd=abs(val))

    # --- the DAG --------------------------------------------------------------
    def pick(self, exact=False, avoid=None):
        cands = [v for v in self.pool if (not exact or v.exact) and v is not avoid]
        if not cands:
            return None
        # Prefer recent values (deeper chains) and unused ones.
        w = [(i + 1) * (2 if v.uses == 0 else 1) for i, v in enumerate(cands)]
        return self.rng.choices(cands, weights=w)[0]

    def op_binary(self):
        a = self.pick()
        T = a.shape
        r = self.rng.random()
        if r < 0.6 and len(self.pool) > 1:
            b = self.pick(avoid=a) or a
        elif r < 0.8 or self.scalar is None:
            b = self.cval(T, self.rng.choice([0.5, -1.5, 2.0, 0.25, 3.0, -0.75]))
        else:
            b = self.broadcast(self.scalar, T)
        op = self.rng.choice(["addf", "subf", "mulf", "maximumf", "minimumf",
                              "addf", "mulf"])
        ex = a.err + b.err
        if op in ("addf", "subf"):
            mag = math.hypot(a.mag, b.mag)
            v = self.bin("arith." + op, a, b, mag, a.bnd + b.bnd,
                         ex + (2 * mag if ex else 0))
        elif op == "mulf":
            mag = a.mag * b.mag
            v = self.bin("arith.mulf", a, b, mag, a.bnd * b.bnd,
                         a.err * b.bnd + b.err * a.bnd + (2 * mag if ex else 0))
        else:
            v = self.bin("arith." + op, a, b,
                         a.mag if b.const else mix_mag(a.mag, b.mag),
                         max(a.bnd, b.bnd), max(a.err, b.err))
        return self.tame(v, 16.0)

    def op_fma(self):
        a, b, c = self.pick(), self.pick(), self.pick()
        mag = math.hypot(a.mag * b.mag, c.mag)
        ex = a.err * b.bnd + b.err * a.bnd + c.err
        name = self.fresh()
        self.emit("%s = math.fma %s, %s, %s : %s" % (name, a.name, b.name, c.name, a.type))
        for v in (a, b, c):
            v.uses += 1
        self.features.append("fma")
        return self.tame(Val(name, a.shape, mag=mag, bnd=a.bnd * b.bnd + c.bnd,
                             err=ex + (2 * mag if ex else 0)), 16.0)

    def op_div(self):
        a = self.pick()
        T = a.shape
        if self.rng.random() < 0.6:
            d = self.pick()
            c = self.rng.choice([0.5, 1.0])
            ab = self.un("math.absf", d, d.mag, d.bnd, d.err)
            den = self.bin("arith.addf", ab, self.cval(T, c), c + d.mag,
                           c + d.bnd, ab.err + (2 * (c + d.mag) if ab.err else 0))
            mag = a.mag / (c + 0.5 * d.mag)
            err = a.err / c + a.bnd * den.err / (c * c)
            v = self.bin("arith.divf", a, den, mag, a.bnd / c,
                         err + (2 * mag if err else 0))
            self.features.append("divf safe")
        else:
            c = self.rng.choice([3.0, -1.5, 0.75, 7.0])
            v = self.bin("arith.divf", a, self.cval(T, c), a.mag / abs(c),
                         a.bnd / abs(c), a.err / abs(c))
            self.features.append("divf const")
        return self.tame(v, 16.0)

    def op_unary(self):
        x = self.pick()
        fns = ["exp", "exp2", "tanh", "sin", "cos", "sqrt", "log", "absf",
               "negf", "erf", "rsqrt", "floor"]
        f = self.rng.choice(fns)
        if f == "floor" and not x.exact:
            f = "absf"
        self.features.append(f)
        if f in ("exp", "exp2"):
            x = self.tame(x, 3.0)
            base = math.e if f == "exp" else 2.0
            bnd = base ** x.bnd
            mag = base ** min(x.mag, x.bnd)
            err = x.err * bnd * math.log(base) + 2 * mag
            return self.un("math." + f, x, mag, bnd, err)
        if f in ("tanh", "sin", "erf"):
            mag = min(x.mag, 0.8)
            # glibc's tanhf and erff are up to 2 ulps from the correctly
            # rounded value the emulator computes.
            return self.un("math." + f, x, mag, 1.0, 1.13 * x.err + 4 * mag)
        if f == "cos":
            return self.un("math.cos", x, 0.7, 1.0, x.err + 2)
        if f == "absf":
            return self.un("math.absf", x, x.mag, x.bnd, x.err)
        if f == "negf":
            return self.un("arith.negf", x, x.mag, x.bnd, x.err)
        if f == "floor":
            # floor(4x) / 4: only of exact values (a floor of values that
            # differ in their last bit can differ by 1).
            s = self.scale(x, 2)
            fl = self.un("math.floor", s, s.mag, s.bnd + 1, 0)
            return self.scale(fl, -2)
        # sqrt / log / rsqrt of |x| + c, c bounded away from 0 unless exact.
        c = self.rng.choice([0.25, 1.0]) if not x.exact else self.rng.choice([0.0, 0.25, 1.0])
        if f in ("log", "rsqrt") and c == 0.0:
            c = 0.5
        ab = self.un("math.absf", x, x.mag, x.bnd, x.err)
        arg = ab
        if c:
            arg = self.bin("arith.addf", ab, self.cval(x.shape, c), x.mag + c,
                           x.bnd + c, ab.err + (2 * (x.mag + c) if ab.err else 0))
        if f == "sqrt":
            mag = math.sqrt(arg.mag)
            d = 0.5 / math.sqrt(c) if c else 0
            return self.un("math.sqrt", arg, mag, math.sqrt(arg.bnd),
                           arg.err * d + 2 * mag)
        if f == "log":
            mag = max(0.3, abs(math.log(arg.mag)))
            return self.un("math.log", arg, mag, max(abs(math.log(c)), math.log(arg.bnd)),
                           arg.err / c + 2 * mag)
        mag = 1 / math.sqrt(arg.mag)
        return self.un("math.rsqrt", arg, mag, 1 / math.sqrt(c),
                       arg.err * 0.5 * c ** -1.5 + 2 * mag)

    def op_select(self):
        T = (self.TM, self.TN)
        if self.rng.random() < 0.5:
            a = self.pick(exact=True)
            if a is None:
                return None
            if self.rng.random() < 0.5:
                b = self.pick(exact=True, avoid=a) or self.cval(T, 0.0)
            else:
                b = self.cval(T, self.rng.choice([0.0, 0.25, -0.5]))
            pred = self.rng.choice(["olt", "ogt", "ole", "oge", "one", "oeq"])
            m = self.cmpf(pred, a, b)
            self.features.append("select cmpf " + pred)
        else:
            m = self.make_mask()
            self.features.append("select mask")
        c = self.pick()
        d = self.pick(avoid=c) or self.cval(T, 0.0)
        return self.select(m, c, d)

    def op_reduce(self):
        x = self.pick()
        axis = self.rng.randrange(2)
        if axis in x.uniform:
            # Along a broadcast axis, x - reduce(x) would be 0.
            if 1 - axis in x.uniform:
                return None
            axis = 1 - axis
        r = self.reduce(self.rng.choice(["max", "min", "sum"]), x, axis)
        kind = r.kind
        n = x.shape[axis]
        if kind == "sum":
            r = self.scale(r, -int(math.log2(n)))  # the mean (exact)
            r.mag = x.mag / math.sqrt(n) * 2
        vshape = r.shape
        if self.rng.random() < 0.3:
            vs = self.vcols if axis == 0 else self.vrows
            if vs:
                o = self.rng.choice(vs)
                r = self.bin("arith.addf", r, o, math.hypot(r.mag, o.mag),
                             r.bnd + o.bnd, r.err + o.err + 2 * (r.mag + o.mag))
        (self.vcols if axis == 0 else self.vrows).append(r)
        b = self.bcast_vec(r, axis)
        op = self.rng.choice(["subf", "mulf", "addf"])
        self.features.append("reduce %s axis %d + broadcast %s" % (kind, axis, op))
        ex = x.err + b.err
        if op == "mulf":
            mag = x.mag * b.mag
            return self.tame(self.bin("arith.mulf", x, b, mag, x.bnd * b.bnd,
                                      x.err * b.bnd + b.err * x.bnd + (2 * mag if ex else 0)), 16.0)
        mag = math.hypot(x.mag, b.mag)
        v = self.bin("arith." + op, x, b, mag, x.bnd + b.bnd,
                     ex + (2 * mag if ex else 0))
        if op == "subf":
            v.degenerate = frozenset({(axis, kind)})
        return self.tame(v, 16.0)

    def op_transpose(self):
        x = self.pick()
        t = self.transpose(x)
        if self.TM == self.TN and self.rng.random() < 0.6:
            self.features.append("transpose square")
            return t
        # Rectangular: work on the transposed tile, then transpose back.
        u = self.rng.choice(["math.tanh", "arith.negf", "math.absf"])
        mag = min(t.mag, 0.8) if u == "math.tanh" else t.mag
        y = self.un(u, t, mag, 1 if u == "math.tanh" else t.bnd,
                    t.err * 1.0 + (2 * mag if u == "math.tanh" else 0))
        self.features.append("transpose %dx%d there and back" % t.shape)
        return self.transpose(y)

    def op_bf16(self):
        x = self.pick()
        self.features.append("truncf/extf bf16")
        return self.ext(self.trunc(x))

    def op_if(self):
        """scf.if on a scalar condition, each branch a short elementwise
        chain."""
        T = (self.TM, self.TN)
        kinds = ["pid"] + (["size"] if self.Md else []) + (["scalar"] if self.scalar else [])
        kind = self.rng.choice(kinds)
        if kind == "pid":
            r = self.fresh()
            axis_pid = self.rng.choice([self.pid0, self.pid1])
            self.emit("%s = arith.remui %s, %s : index" % (r, axis_pid, self.cidx(2)))
            c = self.fresh("b")
            self.emit("%s = arith.cmpi eq, %s, %s : index" % (c, r, self.cidx(0)))
        elif kind == "size":
            c = self.fresh("b")
            lim = self.rng.randrange(1, self.M + self.TM)
            self.emit("%s = arith.cmpi sgt, %s, %s : index" % (c, self.Md, self.cidx(lim)))
        else:
            c = self.fresh("b")
            self.emit("%s = arith.cmpf ogt, %s, %s : f32" % (c, self.scalar.name,
                                                           self.cst((), "f32", 0.0)))
        res = self.fresh("if")
        self.emit("%s = scf.if %s -> (%s) {" % (res, c, ttype(T, "f32")))
        outs = []
        for branch in range(2):
            if branch:
                self.emit("} else {")
            self.depth += 1
            n = len(self.pool)
            v = None
            for _ in range(self.rng.randint(1, 2)):
                v = self.rng.choice([self.op_binary, self.op_unary, self.op_div])()
                self.pool.append(v)
            self.emit("scf.yield %s : %s" % (v.name, v.type))
            v.uses += 1
            outs.append(v)
            del self.pool[n:]
            self.depth -= 1
        self.emit("}")
        self.features.append("scf.if on " + kind)
        a, b = outs
        if self.is_varying(a) or self.is_varying(b):
            self.varying.add(res)
        return Val(res, T, mag=min(a.mag, b.mag), bnd=max(a.bnd, b.bnd),
                   err=max(a.err, b.err))

    def op_loop(self):
        """scf.for over a runtime trip count (the N tiles), carrying a tile:
        acc = acc / 2 + x * (i / 128)."""
        T = (self.TM, self.TN)
        x0 = self.pick()
        y = self.pick()
        res = self.fresh("f")
        iv = self.fresh("i")
        acc = "%%acc%d" % self.count
        step = self.TN
        self.emit("%s = scf.for %s = %s to %s step %s iter_args(%s = %s) -> (%s) {"
                  % (res, iv, self.cidx(0), self.Nd, self.cidx(step), acc, x0.name,
                     ttype(T, "f32")))
        x0.uses += 1
        self.depth += 1
        ii = self.fresh()
        self.emit("%s = arith.index_cast %s : index to i32" % (ii, iv))
        fi = self.fresh()
        self.emit("%s = arith.sitofp %s : i32 to f32" % (fi, ii))
        fs = self.fresh()
        self.emit("%s = arith.mulf %s, %s : f32" % (fs, fi, self.cst((), "f32", 2.0 ** -7)))
        fb = self.fresh()
        self.emit("%s = aiter.broadcast %s : f32 -> %s" % (fb, fs, ttype(T, "f32")))
        a = Val(acc, T)
        h = self.bin("arith.mulf", a, self.cval(T, 0.5), 1, 1, 0)
        p = self.bin("arith.mulf", y, Val(fb, T), 1, 1, 0)
        inner = self.rng.random() < 0.4
        if inner:
            # The first iteration takes another value: an scf.if in the loop.
            first = self.fresh("b")
            self.emit("%s = arith.cmpi eq, %s, %s : index" % (first, iv, self.cidx(0)))
            q = self.fresh("if")
            self.emit("%s = scf.if %s -> (%s) {" % (q, first, ttype(T, "f32")))
            self.depth += 1
            self.emit("scf.yield %s : %s" % (p.name, p.type))
            self.depth -= 1
            self.emit("} else {")
            self.depth += 1
            pn = self.un("arith.negf", p, 1, 1, 0)
            self.emit("scf.yield %s : %s" % (pn.name, pn.type))
            self.depth -= 1
            self.emit("}")
            p = Val(q, T)
        s = self.bin("arith.addf", h, p, 1, 1, 0)
        self.emit("scf.yield %s : %s" % (s.name, s.type))
        self.depth -= 1
        self.emit("}")
        trips = -(-self.N // step)
        top = (trips - 1) * step / 128.0
        bnd = x0.bnd + 2 * y.bnd * max(top, 0.01)
        mag = math.hypot(x0.mag * 0.5 ** trips, y.mag * max(top, 0.01))
        err = x0.err + 2 * y.err * max(top, 1) + (4 * mag * trips if (x0.err or y.err) else 0)
        self.features.append("loop carrying a tile (%d trips%s)"
                             % (trips, ", scf.if inside" if inner else ""))
        if self.is_varying(x0) or self.is_varying(y):
            self.varying.add(res)
        return self.tame(Val(res, T, mag=max(mag, 1e-3), bnd=bnd, err=err), 16.0)

    # --- the program ----------------------------------------------------------
    def plan(self):
        rng = self.rng
        self.batched = False
        self.aligned = rng.random() < 0.5
        n_in = rng.choice([1, 2, 2, 3, 3])
        kinds = []
        left = n_in
        dot = rng.random() < 0.45
        chain = dot and n_in == 3 and rng.random() < 0.35
        if chain:
            kinds = ["chain"]
            left = 0
        elif dot:
            if left == 3 and rng.random() < 0.3:
                # Two dots (the pipeline then picks no GEMM configuration).
                kinds += ["gram", "dot2"]
                left = 0
            elif left >= 2 and rng.random() < 0.75:
                # The dot's operands may be 2 inputs, more if computed.
                kinds.append("dot2")
                left -= 2
            else:
                kinds.append("gram")
                left -= 1
        while left > 0:
            kinds.append(rng.choice(["load", "load", "load", "vec", "rowloop"]))
            left -= 1
        if rng.random() < 0.35:
            kinds.append("iota")
        if rng.random() < 0.2:
            kinds.append("scalar")
        self.kinds = kinds
        # Tile shape.
        # Waves and MFMA: the pipeline's defaults (4 waves; a lone dot gets
        # the chip's GEMM MFMA, 32x32), or an aiter.config of the program's.
        self.waves, self.mfma, self.config = 4, None, False
        if rng.random() < 0.4:
            self.config = True
            self.waves = rng.choice([1, 2, 4, 8])
            if dot:
                self.mfma = rng.choice(COMMON_MFMAS)
        mn = int(self.mfma.split("x")[0]) if self.mfma else 32
        shapes = [(m, n) for m in TILE_DIMS for n in TILE_DIMS
                  if m * n <= MAX_F32_TILE and dot_shape_ok(m, n, self.waves, mn)]
        if "gram" in kinds:
            shapes = [s for s in shapes if s[0] == s[1]]
        if dot and not shapes:
            raise Retry("no dot shape")
        if chain:
            self.TM, self.TN = rng.choice(shapes)
            self.TS = rng.choice([n for (m, n) in shapes if m == self.TM])
        elif dot:
            self.TM, self.TN = rng.choice(shapes)
        else:
            while True:
                tm = rng.choice([16, 32, 64, 128])
                tn = rng.choice([16, 32, 64, 128])
                if tm * tn <= MAX_F32_TILE:
                    break
            self.TM, self.TN = tm, tn
        self.batched = not dot and not chain and rng.random() < 0.2 and \
            all(k in ("load", "iota", "scalar") for k in kinds)
        gm = rng.choice([1, 2, 3])
        gn = rng.choice([1, 2]) if not chain else rng.choice([1, 2])
        while True:
            self.M = self.size(self.TM, gm, ragged=rng.random() < 0.85)
            self.N = self.size(self.TN, gn, ragged=rng.random() < 0.85)
            if "gram" in kinds:
                self.N = self.M
                gn = gm
            if self.M % self.TM or self.N % self.TN:
                break
        if not self.aligned:
            # General: some buffer's row stride is not a multiple of 8.
            if self.M % 8 == 0 and self.N % 8 == 0:
                if "gram" in kinds:
                    self.M = self.N = self.size(self.TM, gm, mult8=False)
                    while self.M % 8 == 0:
                        self.M = self.N = self.size(self.TM, gm, mult8=False)
                else:
                    while self.N % 8 == 0:
                        self.N = self.size(self.TN, gn, mult8=False)
        self.B = 2
        self.grid = [gm, gn, self.B if self.batched else 1]
        if chain:
            self.S = self.size(self.TS, 1)

    def build(self):
        self.plan()
        self.idx_tiles = {}
        self.scalar = None
        TM, TN = self.TM, self.TN
        self.pid0 = "%pid0"
        self.pid1 = "%pid1"
        self.prologue.append("%pid0 = aiter.program_id 0")
        self.prologue.append("%pid1 = aiter.program_id 1")
        if self.batched:
            self.pid2 = "%pid2"
            self.prologue.append("%pid2 = aiter.program_id 2")
        self.prologue.append("%%m0 = arith.muli %%pid0, %s : index" % self.cidx(TM))
        self.prologue.append("%%n0 = arith.muli %%pid1, %s : index" % self.cidx(TN))
        self.prologue.append("%m0i = arith.index_cast %m0 : index to i32")
        self.prologue.append("%n0i = arith.index_cast %n0 : index to i32")
        self.m0, self.n0, self.m0i, self.n0i = "%m0", "%n0", "%m0i", "%n0i"

        for k in self.kinds:
            if k == "scalar":
                v = self.src_scalar()
            elif k == "load":
                v = self.src_load()
            elif k == "vec":
                v = self.src_vec()
            elif k == "rowloop":
                v = self.src_rowloop_tile()
            elif k == "dot2":
                v = self.src_dot(2)
            elif k == "gram":
                v = self.src_dot(1)
            elif k == "chain":
                v = self.src_chain()
            elif k == "iota":
                v = self.src_iota()
            self.pool.append(v)
        # Sizes the DAG may use (from the first main-space buffer, or any).
        self.find_size_dims()

        ops = [(self.op_binary, 6), (self.op_unary, 5), (self.op_div, 1.5),
               (self.op_select, 2), (self.op_reduce, 2), (self.op_transpose, 1),
               (self.op_bf16, 0.7), (self.op_if, 1), (self.op_loop, 0.7),
               (self.op_fma, 0.5)]
        for _ in range(self.rng.randint(2, 14)):
            f = self.rng.choices([o for o, _ in ops], weights=[w for _, w in ops])[0]
            if f in (self.op_loop,) and self.Nd is None:
                continue
            v = f()
            if v is not None:
                self.pool.append(v)
        self.outputs()

    def find_size_dims(self):
        self.Md = self.Nd = None
        for b in self.bufs:
            if isinstance(b, tuple):
                continue
            assert len(b.layout) == len(b.shape), (b.layout, b.shape)
            for pos, ch in enumerate(b.layout):
                if ch == "M" and self.Md is None:
                    self.Md = self.dim(b, pos)
                if ch == "N" and self.Nd is None:
                    self.Nd = self.dim(b, pos)

    def budget(self, v, out_et):
        p = {"f32": 24, "bf16": 8}
        n = 8 if (self.has_trunc or out_et == "bf16") else p[out_et]
        tol = 2 * 2 ** (24 - p[out_et]) + 2 * 2 ** (24 - n) + self.terms
        return v.err <= tol * max(v.mag, 1e-30)

    def outputs(self):
        T = (self.TM, self.TN)
        sinks = [v for v in self.pool if v.uses == 0]
        if not sinks:
            sinks = [self.pool[-1]]
        if not any(self.is_varying(v) for v in sinks):
            sinks.append([v for v in self.pool if self.is_varying(v)][-1])
        f = sinks[0]
        for s in sinks[1:]:
            mag = math.hypot(f.mag, s.mag)
            ex = f.err + s.err
            f = self.bin("arith.addf", f, s, mag, f.bnd + s.bnd, ex + (2 * mag if ex else 0))
        stores = []
        out_et = "bf16" if self.rng.random() < 0.25 else "f32"
        stores.append((f, out_et, "plain"))
        if self.rng.random() < 0.55:
            others = [v for v in self.pool if v is not f and v not in sinks
                      and self.is_varying(v)]
            g = self.rng.choice(others) if others else f
            mode = self.rng.choices(
                ["plain", "dimsT", "transpose", "rowvec", "colvec", "cond",
                 "overwrite", "reload"],
                weights=[1, 1, 1, 1, 1, 1, 0.3, 0.3])[0]
            if self.batched and mode in ("rowvec", "colvec", "cond"):
                mode = "dimsT"
            if mode == "rowvec" and self.grid[1] == 1 and self.rng.random() < 0.5:
                mode = "rowvec1d"  # one program per row block: a 1-D output
            if mode == "colvec" and self.grid[0] == 1 and self.rng.random() < 0.5:
                mode = "colvec1d"
            et = "bf16" if self.rng.random() < 0.2 else "f32"
            if mode == "overwrite":
                et = out_et
            stores.append((g, et, mode))
        for v, et, mode in stores:
            if mode == "reload":
                # Load the first store's tile back (a load sees the stores
                # before it), through a transposed view half the time.
                buf, lay = self.first_store
                if self.rng.random() < 0.5:
                    r = self.transpose(self.load(buf, self.main_idx(lay),
                                                 (self.TN, self.TM),
                                                 self.main_dims(lay, "NM")))
                else:
                    r = self.load(buf, self.main_idx(lay), T,
                                  self.main_dims(lay, "MN"))
                if buf.et == "bf16":
                    r = self.ext(r)
                r.mag, r.bnd, r.err = self.first_val.mag, self.first_val.bnd, self.first_val.err
                mag = math.hypot(r.mag, v.mag)
                ex = r.err + v.err
                v = self.bin("arith.addf", r, v, mag, r.bnd + v.bnd,
                             ex + (2 * mag if ex else 0))
                self.features.append("store then load back%s" % (
                    " transposed" if r.name.startswith("%t") else ""))
                mode = "plain"
            if mode in ("rowvec", "colvec", "rowvec1d", "colvec1d"):
                axis = 1 if mode.startswith("rowvec") else 0
                r = self.reduce(self.rng.choice(["max", "sum", "min"]), v, axis)
                kind = r.kind
                if kind == "sum":
                    r = self.scale(r, -int(math.log2(v.shape[axis])))
                    r.mag = v.mag / math.sqrt(v.shape[axis]) * 2
                v = r
                self.features.append("store %s of reduce %s" % (mode, kind))
            if et == "bf16":
                hv = self.trunc(v)
                hv.mag = v.mag
            else:
                hv = v
            if not self.budget(v, et):
                raise Retry("error budget")
            if mode == "plain":
                lay = self.main_layout(False)
                buf = self.new_buf(et, self.main_shape(lay), "out", lay)
                self.store(hv, buf, self.main_idx(lay), self.main_dims(lay, "MN"))
                self.features.append("store %s %s" % (lay, et))
                if not hasattr(self, "first_store"):
                    self.first_store, self.first_val = (buf, lay), v
            elif mode == "overwrite":
                # A second store to the first's tile: the later one wins.
                buf, lay = self.first_store
                self.store(hv, buf, self.main_idx(lay), self.main_dims(lay, "MN"))
                self.features.append("second store to the same tile")
            elif mode == "cond":
                buf = self.new_buf(et, self.main_shape("MN"), "out", "MN")
                c = self.fresh("b")
                self.emit("%s = arith.cmpi ne, %s, %s : index" % (c, self.pid0, self.cidx(1)))
                self.emit("scf.if %s {" % c)
                self.depth += 1
                self.store(hv, buf, self.main_idx("MN"))
                self.depth -= 1
                self.emit("}")
                self.features.append("conditional store")
            elif mode == "dimsT":
                lay = self.main_layout(True)
                buf = self.new_buf(et, self.main_shape(lay), "out", lay)
                self.store(hv, buf, self.main_idx(lay), self.main_dims(lay, "MN"))
                self.features.append("store %s transposed through dims" % lay)
            elif mode == "transpose":
                lay = self.main_layout(True)
                buf = self.new_buf(et, self.main_shape(lay), "out", lay)
                self.store(self.transpose(hv), buf, self.main_idx(lay),
                           self.main_dims(lay, "NM"))
                self.features.append("store %s of aiter.transpose" % lay)
            elif mode == "rowvec1d":
                buf = self.new_buf(et, [self.M], "out", "M")
                self.store(hv, buf, [self.m0])
            elif mode == "colvec1d":
                buf = self.new_buf(et, [self.N], "out", "N")
                self.store(hv, buf, [self.n0])
            elif mode == "rowvec":
                buf = self.new_buf(et, [self.grid[1], self.M], "out", "GM")
                self.store(hv, buf, [self.pid1, self.m0], [1])
            else:
                buf = self.new_buf(et, [self.grid[0], self.N], "out", "GN")
                self.store(hv, buf, [self.pid0, self.n0], [1])

    # --- files ----------------------------------------------------------------
    def text(self):
        sig = []
        for b in self.bufs:
            if isinstance(b, tuple):
                sig.append("%s: f32" % b[1])
            else:
                sig.append("%s: %s" % (b.name, b.type))
        out = ["// random_programs.py seed %d (attempt %d): %s"
               % (self.seed, self.attempt, "; ".join(self.features)),
               "// tile %dx%d grid %s M=%d N=%d%s variant %s%s"
               % (self.TM, self.TN, "x".join(map(str, self.grid)), self.M, self.N,
                  " K=%d" % self.K if hasattr(self, "K") else "",
                  self.variant(),
                  " waves %d%s" % (self.waves, " mfma " + self.mfma if self.mfma else "")
                  if self.config else ""),
               "aiter.kernel @rand(%s)%s {" % (",\n    ".join(sig), self.attrs())]
        out += ["  " + l for l in self.prologue]
        out += self.body
        out += ["  aiter.return", "}", ""]
        return "\n".join(out)

    def attrs(self):
        if not self.config:
            return ""
        c = "waves = %d : i64" % self.waves
        if self.mfma:
            c += ', mfma = "%s"' % self.mfma
        return " attributes {aiter.config = {%s}}" % c

    def variant(self):
        for b in self.bufs:
            if isinstance(b, tuple) or len(b.shape) < 2:
                continue
            stride = 1
            for d in reversed(b.shape[1:]):
                stride *= d
                if stride % 8:
                    return "general"
        return "aligned"


def bf16_bits(x):
    bits = x.astype(np.float32).view(np.uint32)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)


def generate(seed):
    for attempt in range(200):
        g = Gen(seed, attempt)
        try:
            g.build()
        except Retry:
            continue
        return g
    sys.exit("random_programs.py: no valid program for seed %d" % seed)


def main(argv):
    summary = False
    if argv and argv[0] == "--summary":
        summary = True
        argv = argv[1:]
    if len(argv) != 2:
        sys.exit(__doc__)
    prefix, seed = argv[0], int(argv[1])
    g = generate(seed)
    with open(prefix + ".mlir", "w") as f:
        f.write(g.text())
    rng = np.random.default_rng(seed)
    args = ["--kernel=rand", "--grid=" + ",".join(str(d) for d in g.grid)]
    for b in g.bufs:
        if isinstance(b, tuple):
            args.append("--input=f32=%r" % b[2])
            continue
        spec = "x".join(str(d) for d in b.shape) + "x" + b.et
        if b.role == "out":
            args.append("--input=%s=nan" % spec)
            continue
        x = rng.uniform(-1.0, 1.0, size=tuple(b.shape)).astype(np.float32)
        path = "%s.%s.npy" % (prefix, b.name[1:])
        np.save(path, bf16_bits(x) if b.et == "bf16" else x)
        args.append("--input=%s=@%s" % (spec, path))
    with open(prefix + ".args", "w") as f:
        f.write(" ".join(args) + "\n")
    with open(prefix + ".check", "w") as f:
        f.write("CHECK: kernel: rand chip={{gfx9[0-9]+}} variant=%s grid=%s\n"
                % (g.variant(), "x".join(str(d) for d in g.grid)))
        f.write("CHECK: PASS\n")
    if summary:
        print("seed %d: %s" % (seed, "; ".join(g.features)))


if __name__ == "__main__":
    main(sys.argv[1:])
