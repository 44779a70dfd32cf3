// aiter-lower-tiles-to-simt refuses, at the op, what it cannot lower.
// RUN: aiter-opt %s -split-input-file -verify-diagnostics --aiter-lower-tiles-to-simt

// A layer-2 program (no layouts): aiter-assign-layouts has not run.
aiter.kernel @no_layouts(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{'aiter.load' op has a tile without a layout ('tensor<64xf32>'); run aiter-assign-layouts before aiter-lower-tiles-to-simt}}
  %t = aiter.load %x[%c0] : memref<?xf32> -> tensor<64xf32>
  aiter.store %t, %x[%c0] : tensor<64xf32> -> memref<?xf32>
  aiter.return
}

// -----

// Tiles laid out over different numbers of waves: one workgroup size.
aiter.kernel @mixed_waves(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  // expected-note @+1 {{this op's tiles use 1}}
  %t = aiter.load %x[%c0] : memref<?xf32> -> tensor<64xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [32]], wave = [], shape = [64]>>
  // expected-error @+1 {{'aiter.load' op has a tile laid out over 2 waves, but}}
  %u = aiter.load %x[%c0] : memref<?xf32> -> tensor<128xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [32]], wave = [[64]], shape = [128]>>
  aiter.store %t, %x[%c0] : tensor<64xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [32]], wave = [], shape = [64]>> -> memref<?xf32>
  aiter.return
}

// -----

// A non-splat tile constant: no per-thread form yet.
aiter.kernel @non_splat(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{'arith.constant' op is a non-splat tile constant, which the tiles-to-SIMT lowering does not take yet}}
  %t = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32, #aiter.linear<register = [], lane = [[1], [2], [0], [0], [0], [0]], wave = [], shape = [4]>>
  aiter.store %t, %x[%c0] : tensor<4xf32, #aiter.linear<register = [], lane = [[1], [2], [0], [0], [0], [0]], wave = [], shape = [4]>> -> memref<?xf32>
  aiter.return
}

// -----

// A dot without the instruction aiter-assign-layouts records.
aiter.kernel @dot_no_mfma(%arg0: memref<?x?xbf16>, %arg1: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %a = aiter.load %arg0[%c0, %c0] : memref<?x?xbf16> -> tensor<32x8xbf16, #aiter.linear<register = [[0, 1], [0, 2]], lane = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [0, 4]], wave = [], shape = [32, 8]>>
  %b = aiter.load %arg0[%c0, %c0] : memref<?x?xbf16> -> tensor<8x32xbf16, #aiter.linear<register = [[1, 0], [2, 0]], lane = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [4, 0]], wave = [], shape = [8, 32]>>
  %z = arith.constant dense<0.000000e+00> : tensor<32x32xf32, #aiter.linear<register = [[1, 0], [2, 0], [8, 0], [16, 0]], lane = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [4, 0]], wave = [], shape = [32, 32]>>
  // expected-error @+1 {{'aiter.dot' op has no aiter.mfma (the instruction aiter-assign-layouts chooses)}}
  %d = aiter.dot %a, %b, %z : tensor<32x8xbf16, #aiter.linear<register = [[0, 1], [0, 2]], lane = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [0, 4]], wave = [], shape = [32, 8]>>, tensor<8x32xbf16, #aiter.linear<register = [[1, 0], [2, 0]], lane = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [4, 0]], wave = [], shape = [8, 32]>> -> tensor<32x32xf32, #aiter.linear<register = [[1, 0], [2, 0], [8, 0], [16, 0]], lane = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [4, 0]], wave = [], shape = [32, 32]>>
  aiter.store %d, %arg1[%c0, %c0] : tensor<32x32xf32, #aiter.linear<register = [[1, 0], [2, 0], [8, 0], [16, 0]], lane = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [4, 0]], wave = [], shape = [32, 32]>> -> memref<?x?xf32>
  aiter.return
}

// -----

// A dot whose A operand is not in an MFMA operand layout (it is the load's
// blocked layout: the conversion to the operand layout is missing).
aiter.kernel @dot_wrong_layout(%arg0: memref<?x?xbf16>, %arg1: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %a = aiter.load %arg0[%c0, %c0] : memref<?x?xbf16> -> tensor<32x8xbf16, #aiter.linear<register = [[0, 1], [0, 2], [0, 4]], lane = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [0, 0]], wave = [], shape = [32, 8]>>
  %b = aiter.load %arg0[%c0, %c0] : memref<?x?xbf16> -> tensor<8x32xbf16, #aiter.linear<register = [[1, 0], [2, 0]], lane = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [4, 0]], wave = [], shape = [8, 32]>>
  %z = arith.constant dense<0.000000e+00> : tensor<32x32xf32, #aiter.linear<register = [[1, 0], [2, 0], [8, 0], [16, 0]], lane = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [4, 0]], wave = [], shape = [32, 32]>>
  // expected-error @+1 {{'aiter.dot' op operand and accumulator layouts are not the 32x32x8 MFMA layouts of one wave grid}}
  %d = aiter.dot %a, %b, %z {aiter.mfma = "32x32x8"} : tensor<32x8xbf16, #aiter.linear<register = [[0, 1], [0, 2], [0, 4]], lane = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [0, 0]], wave = [], shape = [32, 8]>>, tensor<8x32xbf16, #aiter.linear<register = [[1, 0], [2, 0]], lane = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [4, 0]], wave = [], shape = [8, 32]>> -> tensor<32x32xf32, #aiter.linear<register = [[1, 0], [2, 0], [8, 0], [16, 0]], lane = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [4, 0]], wave = [], shape = [32, 32]>>
  aiter.store %d, %arg1[%c0, %c0] : tensor<32x32xf32, #aiter.linear<register = [[1, 0], [2, 0], [8, 0], [16, 0]], lane = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [4, 0]], wave = [], shape = [32, 32]>> -> memref<?x?xf32>
  aiter.return
}

// -----

// A reduction whose input layout mixes the axis with the other dim in one
// basis (lane bit 0 moves along both).
aiter.kernel @reduce_mixed(%x: memref<?x?xf32>, %y: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %t = aiter.load %x[%c0, %c0] : memref<?x?xf32> -> tensor<2x32xf32, #aiter.linear<register = [], lane = [[1, 1], [0, 2], [0, 4], [0, 8], [0, 16], [0, 1]], wave = [], shape = [2, 32]>>
  // expected-error @+1 {{'aiter.reduce' op its input layout mixes the reduced axis with another dim in one basis}}
  %r = aiter.reduce sum %t axis 1 : tensor<2x32xf32, #aiter.linear<register = [], lane = [[1, 1], [0, 2], [0, 4], [0, 8], [0, 16], [0, 1]], wave = [], shape = [2, 32]>> -> tensor<2xf32, #aiter.linear<register = [], lane = [[1], [0], [0], [0], [0], [0]], wave = [], shape = [2]>>
  aiter.store %r, %y[%c0] : tensor<2xf32, #aiter.linear<register = [], lane = [[1], [0], [0], [0], [0], [0]], wave = [], shape = [2]>> -> memref<?xf32>
  aiter.return
}

// -----

// An op with tiles that no pattern lowers.
aiter.kernel @no_pattern(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %t = aiter.load %x[%c0] : memref<?xf32> -> tensor<64xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [32]], wave = [], shape = [64]>>
  // expected-error @+1 {{'tensor.empty' op has tile operands or results but no tiles-to-SIMT lowering}}
  %e = tensor.empty() : tensor<64xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [32]], wave = [], shape = [64]>>
  aiter.store %t, %x[%c0] : tensor<64xf32, #aiter.linear<register = [], lane = [[1], [2], [4], [8], [16], [32]], wave = [], shape = [64]>> -> memref<?xf32>
  aiter.return
}
