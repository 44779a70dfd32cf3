// Every diagnostic of aiter-pipeline-loads.
// RUN: aiter-opt %s -verify-diagnostics --aiter-pipeline-loads

// More stages than the pass implements: an error, never silently two.
// expected-error @+1 {{'aiter.kernel' op aiter.config stages=3 is not implemented by the tile compiler: stages 1 (no pipelining) or 2 (loads prefetched one iteration ahead)}}
aiter.kernel @k(%x: memref<?xf32>) attributes {aiter.config = {stages = 3 : i64}} {
  aiter.return
}
