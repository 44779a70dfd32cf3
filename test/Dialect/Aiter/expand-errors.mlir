// Every diagnostic of aiter-expand and of the tile-config parser: the
// per-op `aiter.config` override string is checked like the pass option
// (same parser), so each case is one op; the chip option's errors are
// checked on the pass's output with FileCheck.
// RUN: aiter-opt %s -split-input-file -verify-diagnostics --aiter-expand
// RUN: not aiter-opt %s -split-input-file --aiter-expand="chip=gfx90a" 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not aiter-opt %s -split-input-file --aiter-expand="chip=gfx942:foo+" 2>&1 | FileCheck %s --check-prefix=FEATURE
// RUN: not aiter-opt %s -split-input-file --aiter-expand="chip=gfx942:xnack" 2>&1 | FileCheck %s --check-prefix=SIGN
// RUN: not aiter-opt %s -split-input-file --aiter-expand="config=bogus=1" 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: not aiter-opt %s -split-input-file --aiter-expand="chip=gfx950" 2>&1 | FileCheck %s --check-prefix=GFX950

// CHIP: error: aiter-expand: invalid chip option: unknown chip 'gfx90a' (from target id 'gfx90a'); supported chips: gfx942, gfx950
// FEATURE: error: aiter-expand: invalid chip option: unknown target feature 'foo' in 'gfx942:foo+'; supported features: sramecc, xnack
// SIGN: error: aiter-expand: invalid chip option: target feature 'xnack' in 'gfx942:xnack' must end in '+' or '-'
// OPTION: error: 'aiter.gemm' op invalid tile configuration for gfx942: unknown config key 'bogus'; allowed keys: tile_m, tile_n, tile_k, waves, mfma, stages
// OPTION: error: 'aiter.attention' op invalid tile configuration for gfx942: unknown config key 'bogus'; allowed keys: block_m, block_n, waves, mfma, stages
// On gfx950 the K-doubled MFMA and the 160 KiB LDS make two cases valid.
// GFX950-NOT: mfma=32x32x16 is not available
// GFX950-NOT: 131072 bytes of LDS
// GFX950: error: 'aiter.gemm' op invalid tile configuration for gfx950: mfma=16x16x8 is not available on gfx950 for bf16; available: 32x32x16, 16x16x32, 32x32x8, 16x16x16

// A non-string per-op override.
// expected-error @+1 {{'aiter.gemm' op 'aiter.config' must be a string of tile configuration overrides such as "tile_m=128,waves=4", got 3 : i64}}
aiter.gemm @g1 : bf16 -> bf16 {aiter.config = 3 : i64}

// -----

// An unknown key: the message lists the GEMM keys.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: unknown config key 'tile_q'; allowed keys: tile_m, tile_n, tile_k, waves, mfma, stages}}
aiter.gemm @g2 : bf16 -> bf16 {aiter.config = "tile_q=3"}

// -----

// GEMM keys on attention: the message lists the attention keys.
// expected-error @+1 {{'aiter.attention' op invalid tile configuration for gfx942: unknown config key 'tile_m'; allowed keys: block_m, block_n, waves, mfma, stages}}
aiter.attention @a3 : bf16 head_dim(128) {aiter.config = "tile_m=64"}

// -----

// A value that is not an integer.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: config value tile_m='abc' must be a positive integer}}
aiter.gemm @g4 : bf16 -> bf16 {aiter.config = "tile_m=abc"}

// -----

// A value that is not positive.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: config value waves='0' must be a positive integer}}
aiter.gemm @g5 : bf16 -> bf16 {aiter.config = "waves=0"}

// -----

// An entry without '='.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: config entry 'tile_m' must be key=value; keys: tile_m, tile_n, tile_k, waves, mfma, stages}}
aiter.gemm @g6 : bf16 -> bf16 {aiter.config = "tile_m"}

// -----

// A key given twice.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: config key 'waves' is given twice}}
aiter.gemm @g7 : bf16 -> bf16 {aiter.config = "waves=4,waves=8"}

// -----

// An MFMA shape that is not MxNxK.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: mfma='32x32' is not an MFMA shape; write MxNxK, e.g. mfma=32x32x8}}
aiter.gemm @g8 : bf16 -> bf16 {aiter.config = "mfma=32x32"}

// -----

// An MFMA the chip lacks (gfx942 has no K-doubled shapes).
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: mfma=32x32x16 is not available on gfx942 for bf16; available: 32x32x8, 16x16x16}}
aiter.gemm @g9 : bf16 -> bf16 {aiter.config = "mfma=32x32x16"}

// -----

// A tile not divisible by the MFMA's M.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: tile_m=100 must be a positive multiple of the MFMA's M (32)}}
aiter.gemm @g10 : f16 -> f16 {aiter.config = "tile_m=100"}

// -----

// tile_k not divisible by the MFMA's K.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: tile_k=4 must be a positive multiple of the MFMA's K (8)}}
aiter.gemm @g11 : bf16 -> bf16 {aiter.config = "tile_k=4"}

// -----

// waves not a power of two.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: waves=3 is not allowed; waves must be a power of two in [1, 16]}}
aiter.gemm @g12 : bf16 -> bf16 {aiter.config = "waves=3"}

// -----

// More waves than a workgroup may have.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: waves=32 is not allowed; waves must be a power of two in [1, 16]}}
aiter.gemm @g13 : bf16 -> bf16 {aiter.config = "waves=32"}

// -----

// MFMA blocks that do not split evenly over the waves.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: the 32x32 tile holds 1 32x32x8 MFMA blocks, which do not split evenly over waves=2; use a number of waves dividing 1}}
aiter.gemm @g14 : bf16 -> bf16 {aiter.config = "tile_m=32,tile_n=32,mfma=32x32x8,waves=2"}

// -----

// LDS over gfx942's 64 KiB (tile_k=256 fits gfx950's 160 KiB).
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: the configuration needs 131072 bytes of LDS, more than the 65536 bytes of gfx942; reduce tile_m, tile_n, tile_k or stages}}
aiter.gemm @g15 : bf16 -> bf16 {aiter.config = "tile_k=256"}

// -----

// More registers than the 512 per lane.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: the configuration needs at least 4376 registers per lane, more than the 512 VGPRs+AGPRs of gfx942; use more waves or reduce tile_m, tile_n, tile_k or stages}}
aiter.gemm @g16 : bf16 -> bf16 {aiter.config = "tile_m=512,tile_n=512,tile_k=16,waves=1"}

// -----

// A pipelining depth out of range.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: stages=5 is not allowed; stages must be in [1, 4]}}
aiter.gemm @g17 : bf16 -> bf16 {aiter.config = "stages=5"}

// -----

// In range, but not what the lowerings implement: said, not ignored.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: stages=3 is not implemented: the GEMM and attention lowerings prefetch the next tile into registers over one LDS buffer, which is stages=2; stages=1 (no prefetch) and stages >= 3 (several LDS buffers) are not implemented}}
aiter.gemm @g17b : bf16 -> bf16 {aiter.config = "stages=3"}

// -----

// expected-error @+1 {{'aiter.attention' op invalid tile configuration for gfx942: stages=1 is not implemented}}
aiter.attention @a17c : bf16 head_dim(64) {aiter.config = "stages=1"}

// -----

// Attention: each wave must own whole MFMA rows of the query block.
// expected-error @+1 {{'aiter.attention' op invalid tile configuration for gfx942: block_m=64 must be a positive multiple of waves times the MFMA's M (256)}}
aiter.attention @a18 : bf16 head_dim(128) {aiter.config = "block_m=64,waves=8"}

// -----

// Attention: block_n must be a multiple of the MFMA's N and K.
// expected-error @+1 {{'aiter.attention' op invalid tile configuration for gfx942: block_n=24 must be a positive multiple of the MFMA's N and K (32)}}
aiter.attention @a19 : bf16 head_dim(64) {aiter.config = "block_n=24"}

// -----

// Attention: K/V tiles over gfx942's LDS.
// expected-error @+1 {{'aiter.attention' op invalid tile configuration for gfx942: the configuration needs 131072 bytes of LDS, more than the 65536 bytes of gfx942; reduce block_m, block_n or stages}}
aiter.attention @a20 : f16 head_dim(128) {aiter.config = "block_n=256"}

// -----

// An MFMA neither chip has.
// expected-error @+1 {{'aiter.gemm' op invalid tile configuration for gfx942: mfma=16x16x8 is not available on gfx942 for bf16; available: 32x32x8, 16x16x16}}
aiter.gemm @g21 : bf16 -> bf16 {aiter.config = "mfma=16x16x8"}
