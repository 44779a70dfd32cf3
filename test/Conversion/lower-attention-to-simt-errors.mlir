// Every diagnostic of aiter-lower-attention-to-simt.
// RUN: aiter-opt %s -split-input-file -verify-diagnostics --aiter-expand="chip=gfx942" --aiter-lower-attention-to-simt

// expected-error @+1 {{'aiter.kernel' op the attention lowering computes S^T with 32x32 MFMAs (32x32x8, 16x16x16 on gfx942), got mfma 16x16x16}}
aiter.attention @a : bf16 head_dim(128) {aiter.config = "block_m=64,mfma=16x16x16"}

// -----

// expected-error @+1 {{'aiter.kernel' op block_m (256) must be 32 * waves (128): each wave owns 32 query rows}}
aiter.attention @a : bf16 head_dim(128) {aiter.config = "block_m=256"}

// -----

// expected-error @+1 {{'aiter.kernel' op needs 67584 bytes of LDS; gfx942 has 65536}}
aiter.attention @a : bf16 head_dim(128) {aiter.config = "block_n=128"}

// -----

// expected-error @+1 {{'aiter.kernel' op an attention kernel needs the aiter.attention and aiter.config attributes of aiter-expand}}
aiter.kernel @k(%x: memref<?xf32>) attributes {aiter.attention = {}} {
  aiter.return
}
