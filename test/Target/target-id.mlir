// The chip option accepts a chip name or a full target id: the kernel records
// the base chip (which picks the table entry and its defaults) and, when the
// id names features, the whole id for the code-object target.
// RUN: aiter-opt %s --aiter-expand="chip=gfx950:sramecc+:xnack-" | FileCheck %s --check-prefix=ID
// RUN: aiter-opt %s --aiter-expand="chip=gfx942" | FileCheck %s --check-prefix=NAME

// ID: aiter.kernel @g(
// ID-SAME: aiter.chip = "gfx950"
// ID-SAME: mfma = "32x32x16"
// ID-SAME: aiter.target = "gfx950:sramecc+:xnack-"
// NAME: aiter.kernel @g(
// NAME-SAME: aiter.chip = "gfx942"
// NAME-SAME: mfma = "32x32x8"
// NAME-NOT: aiter.target
aiter.gemm @g : bf16 -> bf16

// An unknown chip is an error even in a module with nothing to expand.
// RUN: echo "module {}" | not aiter-opt --aiter-expand="chip=gfx1100" 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: aiter-expand: invalid chip option: unknown chip 'gfx1100' (from target id 'gfx1100'); supported chips: gfx942, gfx950
