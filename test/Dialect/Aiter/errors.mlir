// Every diagnostic an aiter verifier can give, one case each.
// RUN: aiter-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{'aiter.gemm' op dtype must be bf16 or f16, got 'f32'}}
aiter.gemm @g : f32 -> f32

// -----

// expected-error @+1 {{'aiter.gemm' op out_dtype must be bf16, f16 or f32, got 'i32'}}
aiter.gemm @g : bf16 -> i32

// -----

// expected-error @+1 {{'aiter.gemm' op alpha must be finite, got}}
aiter.gemm @g : bf16 -> bf16 alpha(0x7FC00000)

// -----

// expected-error @+1 {{'aiter.gemm' op beta must be finite, got}}
aiter.gemm @g : bf16 -> bf16 beta(0x7F800000) c(bf16)

// -----

// expected-error @+1 {{'aiter.gemm' op beta(5.000000e-01) needs a C input: add c(T)}}
aiter.gemm @g : bf16 -> bf16 beta(0.5)

// -----

// expected-error @+1 {{'aiter.gemm' op c('f32') needs a beta other than 0 (with beta 0 no C is read)}}
aiter.gemm @g : bf16 -> bf16 c(f32)

// -----

// expected-error @+1 {{'aiter.gemm' op c must be bf16, f16 or f32, got 'i8'}}
aiter.gemm @g : bf16 -> bf16 beta(1.0) c(i8)

// -----

// expected-error @+1 {{'aiter.gemm' op bias dtype must be bf16, f16 or f32, got 'f64'}}
aiter.gemm @g : bf16 -> bf16 bias(row, f64)

// -----

// expected-error @+1 {{'aiter.gemm' op bias needs its shape and dtype: bias(row|col, T)}}
"aiter.gemm"() {sym_name = "g", dtype = bf16, out_dtype = bf16, bias_kind = 0 : i32} : () -> ()

// -----

// expected-error @+1 {{'aiter.attention' op dtype must be bf16 or f16, got 'f32'}}
aiter.attention @a : f32 head_dim(128)

// -----

// Head dims up to 256, as flash-attention.
// expected-error @+1 {{'aiter.attention' op head_dim must be in [1, 256], got 300}}
aiter.attention @a : bf16 head_dim(300)

// -----

// expected-error @+1 {{'aiter.attention' op head_dim_v must be in [1, 256], got 512}}
aiter.attention @a : bf16 head_dim(128, 512)

// -----

// expected-error @+1 {{'aiter.attention' op window needs both bounds: window(left, right), -1 for an unbounded side}}
"aiter.attention"() {sym_name = "a", dtype = bf16, head_dim = 64 : i64, window_left = 4 : i64} : () -> ()

// -----

// expected-error @+1 {{'aiter.attention' op window bounds must be -1 (unbounded) or >= 0, got (-2, 0)}}
aiter.attention @a : bf16 head_dim(64) window(-2, 0)

// -----

// expected-error @+1 {{'aiter.attention' op softcap must be finite and >= 0 (0 = off), got -1}}
aiter.attention @a : bf16 head_dim(64) softcap(-1.0)

// -----

// expected-error @+1 {{'aiter.attention' op scale must be finite and > 0, got 0}}
aiter.attention @a : bf16 head_dim(64) scale(0.0)

// -----

// The additive bias is read in the inputs' float types or f32.
// expected-error @+1 {{'aiter.attention' op bias dtype must be bf16, f16 or f32, got 'f64'}}
aiter.attention @a : bf16 head_dim(64) bias(f64)

// -----

// expected-error @+1 {{'aiter.attention' op bias dtype must be bf16, f16 or f32, got 'i8'}}
aiter.attention @a : f16 head_dim(64) alibi bias(i8)

// -----

// expected-error @+1 {{'aiter.kernel' op returns nothing: results are written with aiter.store, got 1 result type(s)}}
aiter.kernel @k(%x: f32) -> f32 {
  aiter.return
}

// -----

// expected-error @+1 {{'aiter.kernel' op memref argument #0 must hold integers or floats, got 'memref<?xcomplex<f32>>'}}
aiter.kernel @k(%x: memref<?xcomplex<f32>>) {
  aiter.return
}

// -----

// expected-error @+1 {{'aiter.kernel' op memref argument #0 must have a strided layout, got 'memref<4x4xf32, affine_map<(d0, d1) -> (d0 mod 2, d1)>>'}}
aiter.kernel @k(%x: memref<4x4xf32, affine_map<(d0, d1) -> (d0 mod 2, d1)>>) {
  aiter.return
}

// -----

// expected-error @+1 {{'aiter.kernel' op argument #1 must be a memref or a scalar (integer, index or float), got 'tensor<4xf32>'}}
aiter.kernel @k(%x: memref<?xf32>, %t: tensor<4xf32>) {
  aiter.return
}

// -----

func.func @f() {
  // expected-error @+1 {{'aiter.program_id' op is only valid inside an aiter.kernel}}
  %0 = aiter.program_id 0
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'aiter.num_programs' op is only valid inside an aiter.kernel}}
  %0 = aiter.num_programs 1
  return
}

// -----

aiter.kernel @k() {
  // expected-error @+1 {{'aiter.program_id' op attribute 'axis' failed to satisfy constraint: 32-bit signless integer attribute whose value is non-negative whose maximum value is 2}}
  %0 = aiter.program_id 3
  aiter.return
}

// -----

aiter.kernel @k(%x: memref<?x?xf32>, %i: index) {
  // expected-error @+1 {{'aiter.load' op expects 2 indices (one per memref dimension), got 1}}
  %t = aiter.load %x[%i] : memref<?x?xf32> -> tensor<4xf32>
  aiter.return
}

// -----

aiter.kernel @k(%x: memref<?xf32>, %i: index) {
  // expected-error @+1 {{'aiter.load' op tile rank 2 exceeds the memref rank 1}}
  %t = aiter.load %x[%i] : memref<?xf32> -> tensor<4x4xf32>
  aiter.return
}

// -----

aiter.kernel @k(%x: memref<?xf32>, %i: index) {
  // expected-error @+1 {{'aiter.load' op tile must have rank >= 1}}
  %t = aiter.load %x[%i] : memref<?xf32> -> tensor<f32>
  aiter.return
}

// -----

func.func @f(%x: memref<4x4xf32, affine_map<(d0, d1) -> (d0 mod 2, d1)>>, %i: index) {
  // expected-error @+1 {{'aiter.load' op memref must have a strided layout}}
  %t = aiter.load %x[%i, %i] : memref<4x4xf32, affine_map<(d0, d1) -> (d0 mod 2, d1)>> -> tensor<4xf32>
  return
}

// -----

aiter.kernel @k(%x: memref<?x?x?xf32>, %i: index) {
  // expected-error @+1 {{'aiter.load' op dims must name one memref dimension per tile dimension (2), got 1}}
  %t = aiter.load %x[%i, %i, %i] dims [0] : memref<?x?x?xf32> -> tensor<4x4xf32>
  aiter.return
}

// -----

aiter.kernel @k(%x: memref<?x?xf32>, %i: index) {
  // expected-error @+1 {{'aiter.load' op dims entry 2 is out of range for a memref of rank 2}}
  %t = aiter.load %x[%i, %i] dims [0, 2] : memref<?x?xf32> -> tensor<4x4xf32>
  aiter.return
}

// -----

aiter.kernel @k(%x: memref<?x?xf32>, %i: index) {
  // expected-error @+1 {{'aiter.load' op dims entry 1 appears twice}}
  %t = aiter.load %x[%i, %i] dims [1, 1] : memref<?x?xf32> -> tensor<4x4xf32>
  aiter.return
}

// -----

aiter.kernel @k(%x: memref<?x?xf32>, %i: index) {
  // expected-error @+1 {{'aiter.load' op tile element type 'f16' does not match the memref element type 'f32'}}
  %t = aiter.load %x[%i, %i] : memref<?x?xf32> -> tensor<4x4xf16>
  aiter.return
}

// -----

aiter.kernel @k(%x: memref<?xi32>, %i: index) {
  // expected-error @+1 {{'aiter.load' op pad value 5.000000e-01 is not an integer, but the tile holds 'i32'}}
  %t = aiter.load %x[%i] pad 0.5 : memref<?xi32> -> tensor<4xi32>
  aiter.return
}

// -----

// The f32 bits of -inf written as a pad: read as f64 bits it is 2.1e-314,
// which f32 flushes to 0.
aiter.kernel @k(%x: memref<?xf32>, %i: index) {
  // expected-error @+1 {{'aiter.load' op pad value 2.117851e-314 is 0 in 'f32'; pad is an f64 (a hex literal gives its 64 bits): write -inf as 0xFFF0000000000000 or -1.0e400}}
  %t = aiter.load %x[%i] pad 0xFF800000 : memref<?xf32> -> tensor<4xf32>
  aiter.return
}

// -----

aiter.kernel @k(%x: memref<?x?xf32>, %i: index) {
  %t = arith.constant dense<0.0> : tensor<4x4xf16>
  // expected-error @+1 {{'aiter.store' op tile element type 'f16' does not match the memref element type 'f32'}}
  aiter.store %t, %x[%i, %i] : tensor<4x4xf16> -> memref<?x?xf32>
  aiter.return
}

// -----

func.func @f(%a: tensor<4xbf16>, %b: tensor<4x4xbf16>, %c: tensor<4x4xf32>) {
  // expected-error @+1 {{'aiter.dot' op a must be a 2-D tile, got 'tensor<4xbf16>'}}
  %d = aiter.dot %a, %b, %c : tensor<4xbf16>, tensor<4x4xbf16> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<4x4xbf16>, %b: tensor<4x4xf16>, %c: tensor<4x4xf32>) {
  // expected-error @+1 {{'aiter.dot' op a and b must both be bf16 or both f16, got 'bf16' and 'f16'}}
  %d = aiter.dot %a, %b, %c : tensor<4x4xbf16>, tensor<4x4xf16> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<4x4xbf16>, %b: tensor<4x4xbf16>, %c: tensor<4x4xf16>) {
  // expected-error @+1 {{'aiter.dot' op accumulates in f32, got 'f16'}}
  %d = aiter.dot %a, %b, %c : tensor<4x4xbf16>, tensor<4x4xbf16> -> tensor<4x4xf16>
  return
}

// -----

func.func @f(%a: tensor<4x8xbf16>, %b: tensor<4x4xbf16>, %c: tensor<4x4xf32>) {
  // expected-error @+1 {{'aiter.dot' op a is 4x8 (MxK) and b is 4x4: b must be KxN with K = 8}}
  %d = aiter.dot %a, %b, %c : tensor<4x8xbf16>, tensor<4x4xbf16> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<4x8xbf16>, %b: tensor<8x16xbf16>, %c: tensor<4x8xf32>) {
  // expected-error @+1 {{'aiter.dot' op acc must be 4x16 (MxN), got 4x8}}
  %d = aiter.dot %a, %b, %c : tensor<4x8xbf16>, tensor<8x16xbf16> -> tensor<4x8xf32>
  return
}

// -----

func.func @f(%s: tensor<4x8xf32>) {
  // expected-error @+1 {{'aiter.reduce' op axis 2 is out of range for a tile of rank 2}}
  %r = aiter.reduce max %s axis 2 : tensor<4x8xf32> -> tensor<4xf32>
  return
}

// -----

func.func @f(%s: tensor<4x8xf32>) {
  // expected-error @+1 {{'aiter.reduce' op result must be 'tensor<4xf32>' (the input without axis 1), got 'tensor<8xf32>'}}
  %r = aiter.reduce sum %s axis 1 : tensor<4x8xf32> -> tensor<8xf32>
  return
}

// -----

func.func @f(%s: tensor<4x8xi1>) {
  // expected-error @+1 {{'aiter.reduce' op sum of i1 is not supported; extend to a wider integer first}}
  %r = aiter.reduce sum %s axis 1 : tensor<4x8xi1> -> tensor<4xi1>
  return
}

// -----

func.func @f(%s: tensor<4x8xi32>) {
  // expected-error @+1 {{'aiter.reduce' op maxnum and minnum reduce floats; use max or min for 'i32'}}
  %r = aiter.reduce maxnum %s axis 1 : tensor<4x8xi32> -> tensor<4xi32>
  return
}

// -----

func.func @f(%s: tensor<4xf32>) {
  // expected-error @+1 {{'aiter.expand_dims' op axis 2 is out of range [0, 1]}}
  %r = aiter.expand_dims %s axis 2 : tensor<4xf32> -> tensor<4x1xf32>
  return
}

// -----

func.func @f(%s: tensor<4xf32>) {
  // expected-error @+1 {{'aiter.expand_dims' op result must be 'tensor<1x4xf32>', got 'tensor<4x1xf32>'}}
  %r = aiter.expand_dims %s axis 0 : tensor<4xf32> -> tensor<4x1xf32>
  return
}

// -----

func.func @f(%s: f16) {
  // expected-error @+1 {{'aiter.broadcast' op scalar input 'f16' must have the result's element type 'f32'}}
  %r = aiter.broadcast %s : f16 -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%s: tensor<4x1xf16>) {
  // expected-error @+1 {{'aiter.broadcast' op input element type 'f16' must match the result's 'f32'}}
  %r = aiter.broadcast %s : tensor<4x1xf16> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%s: tensor<4xf32>) {
  // expected-error @+1 {{'aiter.broadcast' op input rank 1 must equal the result rank 2 (use aiter.expand_dims first)}}
  %r = aiter.broadcast %s : tensor<4xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%s: tensor<2x1xf32>) {
  // expected-error @+1 {{'aiter.broadcast' op input dimension 0 has size 2; it must be 1 or 4}}
  %r = aiter.broadcast %s : tensor<2x1xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'aiter.iota' op iota of 256 elements does not fit in 'i8'}}
  %r = aiter.iota : tensor<256xi8>
  return
}

// -----

func.func @f(%s: tensor<4x8xf32>) {
  // expected-error @+1 {{'aiter.transpose' op result must be 'tensor<8x4xf32>', got 'tensor<4x8xf32>'}}
  %r = aiter.transpose %s : tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @g() {
  // expected-error @+1 {{'aiter.return' op expects parent op 'aiter.kernel'}}
  aiter.return
}

// -----

// expected-error @+1 {{a wave has 64 lanes: lane needs 6 bases, got 2}}
func.func @few_lanes(%x: tensor<4x4xf32, #aiter.linear<register = [[0, 1], [0, 2]], lane = [[1, 0], [2, 0]], wave = [], shape = [4, 4]>>)

// -----

// expected-error @+1 {{tile dimensions must be powers of two, got 48}}
func.func @not_pow2(%x: tensor<48xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [32]], wave = [], shape = [48]>>)

// -----

// expected-error @+1 {{lane basis 5 has coordinate 64 outside [0, 64) in dimension 0}}
func.func @outside(%x: tensor<64xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [64]], wave = [], shape = [64]>>)

// -----

// Lanes 32..63 repeat lanes 0..31, so rows 32..63 are held by no one.
// expected-error @+1 {{every tile element needs a (register, lane, wave) that holds it: layout is not surjective}}
func.func @not_surjective(%x: tensor<64xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [0]], wave = [], shape = [64]>>)

// -----

// expected-error @+1 {{each lane basis needs 2 coordinates (one per tile dimension), got 1}}
func.func @rank(%x: tensor<64x1xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [32]], wave = [], shape = [64, 1]>>)

// -----

// expected-error @+1 {{the layout is for a tile of shape [64], the tensor is [32]}}
func.func @shape(%x: tensor<32xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [32]], wave = [], shape = [64]>>)

// -----

func.func @no_layout(%x: tensor<64xf32>) {
  // expected-error @+1 {{'aiter.convert_layout' op converts between #aiter.linear layouts; 'tensor<64xf32>' has none}}
  %y = aiter.convert_layout %x : tensor<64xf32> -> tensor<64xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [32]], wave = [], shape = [64]>>
  return
}

// -----

func.func @reduce_layout(%x: tensor<64x4xf32, #aiter.linear<register = [[0, 1], [0, 2]], lane = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], wave = [], shape = [64, 4]>>) {
  // expected-error @+1 {{'aiter.reduce' op result layout must be the one its input's layout gives: register: [], lane: [[1], [2], [4], [8], [16], [32]]}}
  %m = aiter.reduce max %x axis 1 : tensor<64x4xf32, #aiter.linear<register = [[0, 1], [0, 2]], lane = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], wave = [], shape = [64, 4]>> -> tensor<64xf32, #aiter.linear<register = [], lane = [[2], [1], [4], [8], [16], [32]], wave = [], shape = [64]>>
  return
}

// -----

func.func @layout_dropped(%x: tensor<64x4xf32, #aiter.linear<register = [[0, 1], [0, 2]], lane = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], wave = [], shape = [64, 4]>>) {
  // expected-error @+1 {{'aiter.transpose' op input and result must both have #aiter.linear layouts or neither}}
  %t = aiter.transpose %x : tensor<64x4xf32, #aiter.linear<register = [[0, 1], [0, 2]], lane = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], wave = [], shape = [64, 4]>> -> tensor<4x64xf32>
  return
}
