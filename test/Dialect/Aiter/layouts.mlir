// #aiter.linear layouts on tile types and aiter.convert_layout parse, verify,
// print and parse back (custom and generic form); the canonicalizer folds
// conversions that end where they started.
// RUN: aiter-opt %s | aiter-opt | FileCheck %s
// RUN: aiter-opt %s --mlir-print-op-generic | aiter-opt | FileCheck %s
// RUN: aiter-opt %s -canonicalize | FileCheck %s --check-prefix=CANON

// Lane l holds row l of a 64x4 tile, its 4 columns in registers; the other
// layout puts the rows in registers 0..3 and spreads columns over lanes,
// with lanes 16..63 holding copies (zero bases).
#rows = #aiter.linear<register = [[0, 1], [0, 2]], lane = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], wave = [], shape = [64, 4]>
#cols = #aiter.linear<register = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], lane = [[0, 1], [0, 2], [0, 0], [0, 0], [0, 0], [0, 0]], wave = [[0, 0], [0, 0]], shape = [64, 4]>

// CHECK-LABEL: func.func @convert
// CHECK: aiter.convert_layout %{{.*}} : tensor<64x4xf32, #aiter.linear<register = {{\[}}[0, 1], [0, 2]], lane = {{\[}}[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], wave = [], shape = [64, 4]>> -> tensor<64x4xf32, #aiter.linear<register = {{\[}}[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], lane = {{\[}}[0, 1], [0, 2], [0, 0], [0, 0], [0, 0], [0, 0]], wave = {{\[}}[0, 0], [0, 0]], shape = [64, 4]>>
func.func @convert(%x: tensor<64x4xf32, #rows>) -> tensor<64x4xf32, #cols> {
  %y = aiter.convert_layout %x : tensor<64x4xf32, #rows> -> tensor<64x4xf32, #cols>
  return %y : tensor<64x4xf32, #cols>
}

// A conversion back to the source layout folds to the source.
// CANON-LABEL: func.func @round_trip
// CANON-NEXT: return %arg0
func.func @round_trip(%x: tensor<64x4xf32, #rows>) -> tensor<64x4xf32, #rows> {
  %y = aiter.convert_layout %x : tensor<64x4xf32, #rows> -> tensor<64x4xf32, #cols>
  %z = aiter.convert_layout %y : tensor<64x4xf32, #cols> -> tensor<64x4xf32, #rows>
  return %z : tensor<64x4xf32, #rows>
}

// A conversion to the same layout is the input.
// CANON-LABEL: func.func @same
// CANON-NEXT: return %arg0
func.func @same(%x: tensor<64x4xf32, #rows>) -> tensor<64x4xf32, #rows> {
  %y = aiter.convert_layout %x : tensor<64x4xf32, #rows> -> tensor<64x4xf32, #rows>
  return %y : tensor<64x4xf32, #rows>
}

// A one-way conversion stays.
// CANON-LABEL: func.func @one_way
// CANON: aiter.convert_layout
func.func @one_way(%x: tensor<64x4xf32, #rows>) -> tensor<64x4xf32, #cols> {
  %y = aiter.convert_layout %x : tensor<64x4xf32, #rows> -> tensor<64x4xf32, #cols>
  return %y : tensor<64x4xf32, #cols>
}
