// aiter-lower-attention-to-simt emits the kernel from the aiter.attention
// attribute and never reads the body. aiter-expand fingerprints the body it
// generated; the lowering refuses a kernel whose body (or attributes) changed
// since, instead of compiling the unedited program in its place. Here the
// expanded program's exp2 becomes exp, and its config attribute changes.
// RUN: aiter-opt %s --aiter-expand="chip=gfx942" | aiter-opt --aiter-lower-attention-to-simt | FileCheck %s --check-prefix=OK
// RUN: aiter-opt %s --aiter-expand="chip=gfx942" | sed 's/math.exp2/math.exp/' | not aiter-opt --aiter-lower-attention-to-simt 2>&1 | FileCheck %s
// RUN: aiter-opt %s --aiter-expand="chip=gfx942" | sed 's/block_n = 64/block_n = 32/' | not aiter-opt --aiter-lower-attention-to-simt 2>&1 | FileCheck %s
// With only-matching (as the tile pipeline runs it) the edited kernel is left
// for the general compiler (aiter-lower-tiles-to-simt), untouched.
// RUN: aiter-opt %s --aiter-expand="chip=gfx942" | sed 's/math.exp2/math.exp/' | aiter-opt --aiter-lower-attention-to-simt=only-matching=1 | FileCheck %s --check-prefix=LEFT
// LEFT: aiter.kernel @a(
// LEFT: math.exp %
// LEFT-NOT: gpu.func
// OK: gpu.func @a(
// CHECK: error: 'aiter.kernel' op differs from the attention tile program aiter-expand generated for its aiter.attention attribute
aiter.attention @a : bf16 head_dim(64) causal return_lse layout(bhsd)
