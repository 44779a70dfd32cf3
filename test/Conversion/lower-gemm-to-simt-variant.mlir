// An unknown variant option is an error that names the allowed ones.
// RUN: aiter-opt %s --aiter-expand --aiter-lower-gemm-to-simt="variant=fast" -verify-diagnostics

// expected-error @+1 {{'aiter.kernel' op unknown variant 'fast': use aligned or general}}
aiter.gemm @g : bf16 -> bf16
