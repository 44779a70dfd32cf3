# ===- expand_numerics.py - run expanded tile programs against numpy -----===#
#
# A small numpy interpreter for the generic form of the aiter tile programs
# aiter-expand produces, and reference GEMM / attention computations to check
# them against. Usage: expand_numerics.py <path to aiter-opt>.
# ===---------------------------------------------------------------------===#
import itertools
import math
import re
import subprocess
import sys

import numpy as np

AITER_OPT = [sys.argv[1] if len(sys.argv) > 1 else 'aiter-opt']
# Each (program id 0, mask) of a 2-D select: the attention score masks.

SELECTS = []
OPRE = re.compile(r'^\s*(?:(%[\w]+)(?::(\d+))?\s*=\s*)?"([\w.]+)"\((.*?)\)(.*)$')

def parse(lines, i=0):
    ops = []
    while i < len(lines):
        l = lines[i]
        s = l.strip()
        if s.startswith('})') or s == '}':
            return ops, i
        if s.startswith('^bb0'):
            i += 1; continue
        m = OPRE.match(l)
        if not m:
            i += 1; continue
        res, n, name, operands, rest = m.groups()
        op = dict(res=res, n=int(n) if n else (1 if res else 0), name=name,
                  operands=[o.strip() for o in operands.split(',') if o.strip()],
                  rest=rest, line=s)
        if rest.rstrip().endswith('({'):
            # region: next line is ^bb0(args)
            hdr = lines[i + 1].strip()
            op['args'] = re.findall(r'(%[\w]+):', hdr) if hdr.startswith('^bb0') else []
            body, j = parse(lines, i + 2 if hdr.startswith('^bb0') else i + 1)
            op['body'] = body
            op['tail'] = lines[j]
            i = j + 1
        else:
            i += 1
        ops.append(op)
    return ops, i

def restype(op):
    t = op['rest'].rsplit('->', 1)[-1].strip()
    return t

def shape_of(t):
    m = re.match(r'tensor<([\dx]*?)x?(bf16|f16|f32|i32|i1|index)>', t)
    dims = [int(x) for x in m.group(1).split('x') if x] if m.group(1) else []
    return dims, m.group(2)

def bf16_round(x):
    x = np.asarray(x, dtype=np.float32)
    b = x.view(np.uint32).astype(np.uint64)
    b = ((b + 0x7FFF + ((b >> 16) & 1)) >> 16) << 16
    return b.astype(np.uint32).view(np.float32)

def round_to(x, et):
    if et == 'bf16': return bf16_round(x)
    if et == 'f16': return np.asarray(x, np.float32).astype(np.float16).astype(np.float32)
    return np.asarray(x, np.float32)

def attr(op, key):
    m = re.search(key + r' = ([^,}]+)', op['rest'])
    return m.group(1).strip() if m else None

def run(ops, env, pids):
    for op in ops:
        name = op['name']; a = [env[o] for o in op['operands']]
        r = None
        if name == 'arith.constant':
            v = attr(op, 'value')
            t = restype(op)
            if v.startswith('dense<'):
                lit = re.match(r'dense<(.*?)>', v).group(1)
                val = np.uint32(int(lit, 16)).view(np.float32) if lit.startswith('0x') else float(lit)
                dims, et = shape_of(t)
                r = np.full(dims, val, dtype=np.float32)
            else:
                r = int(v.split(':')[0])
        elif name == 'aiter.program_id':
            r = pids[int(attr(op, 'axis').split(':')[0])]
        elif name == 'memref.dim':
            r = a[0].shape[a[1]]
        elif name in ('arith.muli','arith.addi','arith.subi','arith.divui','arith.remui','arith.maxsi','arith.minsi','arith.andi'):
            x, y = a
            f = {'arith.muli': lambda x,y: x*y, 'arith.addi': lambda x,y: x+y, 'arith.subi': lambda x,y: x-y,
                 'arith.divui': lambda x,y: x//y, 'arith.remui': lambda x,y: x%y, 'arith.maxsi': max if np.isscalar(x) else np.maximum,
                 'arith.minsi': min if np.isscalar(x) else np.minimum, 'arith.andi': lambda x,y: x & y}[name]
            if name in ('arith.divui','arith.remui'):
                assert (np.asarray(x) >= 0).all()
            r = f(x, y)
        elif name == 'arith.index_cast':
            r = int(a[0])
        elif name == 'aiter.iota':
            dims, _ = shape_of(restype(op)); r = np.arange(dims[0])
        elif name == 'aiter.broadcast':
            dims, _ = shape_of(restype(op))
            r = np.broadcast_to(np.asarray(a[0]), dims).copy()
        elif name == 'aiter.expand_dims':
            r = np.expand_dims(a[0], int(attr(op, 'axis').split(':')[0]))
        elif name == 'aiter.load' or name == 'aiter.store':
            if name == 'aiter.load':
                mem, idx = a[0], a[1:]; dims, et = shape_of(restype(op))
            else:
                val, mem, idx = a[0], a[1], a[2:]; dims = list(val.shape)
            d = attr(op, 'dims')
            tdims = [int(x) for x in re.search(r'array<i64: ([\d, ]+)>', op['rest']).group(1).split(',')] if d else list(range(mem.ndim - len(dims), mem.ndim))
            grids = np.indices(dims)
            coords = []
            for j in range(mem.ndim):
                c = np.full(dims, idx[j], dtype=np.int64)
                for k, dk in enumerate(tdims):
                    if dk == j: c = c + grids[k]
                coords.append(c)
            inb = np.ones(dims, bool)
            for j, c in enumerate(coords):
                inb &= (c >= 0) & (c < mem.shape[j])
            safe = [np.where(inb, c, 0) for c in coords]
            if name == 'aiter.load':
                r = np.where(inb, mem[tuple(safe)], np.float32(0.0)).astype(np.float32)
            else:
                mem[tuple(c[inb] for c in coords)] = val[inb]
        elif name == 'aiter.dot':
            r = (a[0].astype(np.float64) @ a[1].astype(np.float64) + a[2]).astype(np.float32)
        elif name == 'aiter.reduce':
            kind = int(attr(op, 'kind').split(':')[0]); ax = int(attr(op, 'axis').split(':')[0])
            r = [np.max, np.min, np.sum, np.fmax.reduce, np.fmin.reduce][kind](a[0], axis=ax).astype(np.float32)
        elif name == 'arith.cmpi':
            p = int(attr(op, 'predicate').split(':')[0])
            r = [np.equal, np.not_equal, np.less, np.less_equal, np.greater, np.greater_equal][p](a[0], a[1])
        elif name == 'arith.cmpf':
            p = int(attr(op, 'predicate').split(':')[0]); assert p == 1
            r = np.equal(a[0], a[1])
        elif name == 'arith.select':
            if np.ndim(a[0]) == 2: SELECTS.append((pids[0], np.array(a[0])))
            r = np.where(a[0], a[1], a[2]).astype(np.float32)
        elif name in ('arith.mulf','arith.addf','arith.subf','arith.divf','arith.maximumf','arith.maxnumf'):
            with np.errstate(all='ignore'):
                r = {'arith.mulf': np.multiply, 'arith.addf': np.add, 'arith.subf': np.subtract,
                     'arith.divf': np.divide, 'arith.maximumf': np.maximum, 'arith.maxnumf': np.fmax}[name](a[0], a[1]).astype(np.float32)
        elif name in ('math.exp2','math.tanh','math.log2'):
            with np.errstate(all='ignore'):
                r = {'math.exp2': np.exp2, 'math.tanh': np.tanh, 'math.log2': np.log2}[name](a[0]).astype(np.float32)
        elif name == 'arith.truncf':
            _, et = shape_of(restype(op)); r = round_to(a[0], et)
        elif name == 'scf.for':
            lb, ub, st = a[0], a[1], a[2]; it = a[3:]
            iv = lb
            while iv < ub:
                e2 = dict(env); e2[op['args'][0]] = iv
                for k, v in zip(op['args'][1:], it): e2[k] = v
                it = run(op['body'], e2, pids)
                iv += st
            r = list(it)
        elif name == 'scf.yield':
            return a
        elif name == 'aiter.return':
            return None
        else:
            raise NotImplementedError(name)
        if op['res']:
            if op['n'] > 1 or name == 'scf.for':
                for k in range(op['n']):
                    env['%s#%d' % (op['res'], k)] = r[k]
                if op['n'] == 1: env[op['res']] = r[0]
            else:
                env[op['res']] = r
    return None

def load_kernel(src, opt):
    out = subprocess.run([AITER_OPT[0], '--aiter-expand=' + opt, '--mlir-print-op-generic'],
                         input=src, capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    k = next(i for i, l in enumerate(lines) if '"aiter.kernel"' in l)
    args = re.findall(r'(%arg\d+):', lines[k + 1])
    body, _ = parse(lines, k + 2)
    cfg = re.search(r'aiter.config = \{([^}]*)\}', out).group(1)
    return args, body, cfg

def launch(args, body, bufs, grid):
    for pid in itertools.product(*[range(g) for g in grid]):
        env = dict(zip(args, bufs))
        run(body, env, list(pid) + [0])


rng = np.random.default_rng(0)
fails = 0
cases = 0

def gemm_case(dt, out, ta, tb, M, N, K, opt):
    global fails, cases
    cases += 1
    spec = 'aiter.gemm @g : %s -> %s%s%s\n' % (dt, out, ' trans_a' if ta else '', ' trans_b' if tb else '')
    args, body, cfg = load_kernel(spec, opt)
    A = round_to(rng.standard_normal((K, M) if ta else (M, K)), dt)
    B = round_to(rng.standard_normal((N, K) if tb else (K, N)), dt)
    C = np.full((M, N), np.nan, np.float32)
    tm = int(re.search(r'tile_m = (\d+)', cfg).group(1)); tn = int(re.search(r'tile_n = (\d+)', cfg).group(1))
    launch(args, body, [A, B, C], (math.ceil(M / tm), math.ceil(N / tn)))
    ref = (A.T if ta else A).astype(np.float64) @ (B.T if tb else B).astype(np.float64)
    err = np.nanmax(np.abs(C - ref)) if not np.isnan(C).any() else float('nan')
    ok = err < 0.05 * max(1, np.abs(ref).max()) if out != 'f32' else err < 1e-3
    print('gemm', dt, out, ta, tb, M, N, K, opt, 'err', err, 'OK' if ok else 'FAIL')
    fails += not ok

def attn_ref(q, k, v, causal, left, right, softcap, scale):
    # q: [b, h, sq, d] (bhsd), k/v: [b, hkv, sk, d]
    b, h, sq, d = q.shape; hkv = k.shape[1]; sk = k.shape[2]
    o = np.zeros_like(q, dtype=np.float64); lse = np.zeros((b, h, sq))
    if causal: right = 0
    for bi in range(b):
        for hi in range(h):
            kh = hi // (h // hkv)
            s = q[bi, hi].astype(np.float64) @ k[bi, kh].astype(np.float64).T * scale
            if softcap: s = softcap * np.tanh(s / softcap)
            i = np.arange(sq)[:, None]; j = np.arange(sk)[None, :]
            diag = i + sk - sq
            vis = np.ones((sq, sk), bool)
            if right >= 0: vis &= j <= diag + right
            if left >= 0: vis &= j >= diag - left
            s = np.where(vis, s, -np.inf)
            mx = s.max(axis=1, keepdims=True)
            mxs = np.where(np.isinf(mx), 0, mx)
            p = np.exp(s - mxs); l = p.sum(axis=1, keepdims=True)
            o[bi, hi] = np.where(l > 0, (p / np.where(l > 0, l, 1)) @ v[bi, kh], 0)
            lse[bi, hi] = np.where(l[:, 0] > 0, np.log(np.where(l[:, 0] > 0, l[:, 0], 1)) + mxs[:, 0], np.inf)
    return o, lse

def attn_case(dt, d, layout, B, H, HKV, SQ, SK, causal=False, window=None, softcap=0.0, scale=None, lse=False, opt=''):
    global fails, cases
    cases += 1
    spec = 'aiter.attention @a : %s head_dim(%d)%s%s%s%s%s layout(%s)\n' % (
        dt, d, ' causal' if causal else '', ' window(%d, %d)' % window if window else '',
        ' softcap(%r)' % softcap if softcap else '', ' scale(%r)' % scale if scale else '',
        ' return_lse' if lse else '', layout)
    args, body, cfg = load_kernel(spec, opt)
    bm = int(re.search(r'block_m = (\d+)', cfg).group(1))
    q = round_to(rng.standard_normal((B, H, SQ, d)), dt); k = round_to(rng.standard_normal((B, HKV, SK, d)), dt)
    v = round_to(rng.standard_normal((B, HKV, SK, d)), dt)
    sc = scale if scale else 1 / math.sqrt(d)
    left, right = window if window else (-1, -1)
    oref, lref = attn_ref(q, k, v, causal, left, right, softcap, sc)
    tr = (lambda x: np.ascontiguousarray(x.transpose(0, 2, 1, 3))) if layout == 'bshd' else (lambda x: x.copy())
    o = np.full(tr(q).shape, np.nan, np.float32)
    bufs = [tr(q), tr(k), tr(v), o]
    L = np.full((B, H, SQ), np.nan, np.float32)
    if lse: bufs.append(L)
    SELECTS.clear()
    launch(args, body, bufs, (math.ceil(SQ / bm), B * H))
    wasted = sum(1 for pid, m in SELECTS if not m[:max(0, min(bm, SQ - pid * bm))].any())
    # The loop bounds must skip every tile in which no valid row sees a key.
    print('  tiles visited', len(SELECTS), 'fully masked', wasted)
    if wasted: fails += 1
    ob = o.transpose(0, 2, 1, 3) if layout == 'bshd' else o
    err = np.abs(ob - oref).max() if not np.isnan(ob).any() else float('nan')
    ok = err < 0.03
    if lse:
        fin = np.isfinite(lref)
        lerr = np.abs(L[fin] - lref[fin]).max() if fin.any() else 0.0
        ok = ok and not np.isnan(L).any() and (L[~fin] == np.inf).all() and lerr < 1e-3
        err = (err, lerr, int((~fin).sum()))
    print('attn', spec.strip(), opt, 'sizes', B, H, HKV, SQ, SK, 'err', err, 'OK' if ok else 'FAIL')
    fails += not ok

small = 'config=tile_m=32,tile_n=32,tile_k=16,waves=1'
gemm_case('bf16', 'bf16', False, False, 70, 45, 40, small)
gemm_case('f16', 'f32', True, True, 33, 64, 17, small)
gemm_case('bf16', 'f16', False, True, 64, 31, 50, small)
gemm_case('f16', 'bf16', True, False, 5, 7, 3, small)
gemm_case('bf16', 'f32', False, False, 130, 129, 70, '')
sm = 'config=block_m=32,block_n=16,waves=2,mfma=16x16x16'
attn_case('bf16', 64, 'bhsd', 1, 2, 1, 45, 37, opt=sm)
attn_case('f16', 64, 'bshd', 2, 4, 2, 33, 50, causal=True, lse=True, opt=sm)
attn_case('bf16', 64, 'bshd', 1, 2, 2, 70, 40, causal=True, lse=True, opt=sm)  # seq_q > seq_k: rows without keys
attn_case('bf16', 64, 'bhsd', 1, 3, 1, 50, 90, window=(10, 5), lse=True, opt=sm)
attn_case('bf16', 64, 'bhsd', 1, 1, 1, 64, 64, causal=True, window=(7, 0), softcap=3.0, lse=True, opt=sm)
attn_case('f16', 64, 'bshd', 1, 2, 1, 40, 20, window=(0, 0), softcap=2.0, scale=0.3, lse=True, opt=sm)
attn_case('bf16', 64, 'bhsd', 1, 1, 1, 20, 75, window=(-1, 3), lse=True, opt=sm)
attn_case('bf16', 128, 'bhsd', 1, 2, 2, 130, 70, causal=True, lse=True, opt='')
attn_case('f16', 128, 'bshd', 1, 4, 1, 150, 200, causal=True, window=(90, 0), softcap=20.0, lse=True, opt='chip=gfx950')
attn_case('bf16', 64, 'bshd', 1, 1, 1, 30, 100, window=(3, -1), lse=True, opt='chip=gfx950 config=block_m=32,block_n=32,waves=1')
print('checked %d kernels, %d failures' % (cases, fails))
sys.exit(1 if fails else 0)
