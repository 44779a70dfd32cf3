// A user-written flash-attention forward with a softcap, bf16, head dim 64,
// non-causal: O = softmax(c * tanh(scale * Q K^T / c)) V for Q, O of shape
// [BH, seq_q, 64] and K, V of shape [BH, seq_k, 64] (one flattened
// batch-head dimension, rows contiguous). One program computes a 64-row
// query tile of one batch-head (grid ceil(seq_q/64) x BH); K and V stream
// through in tiles of 32 keys, the softmax is online in f32 with exp2 (the
// capped score is multiplied by c * log2(e)). Keys past seq_k are masked
// after the cap (a padded key's capped score is tanh(0) = 0, not -inf).
// %scale is the score scale, %cap the softcap c (> 0).
aiter.kernel @attention_user(%q: memref<?x?x64xbf16, strided<[?, ?, 1]>>,
                             %k: memref<?x?x64xbf16, strided<[?, ?, 1]>>,
                             %v: memref<?x?x64xbf16, strided<[?, ?, 1]>>,
                             %o: memref<?x?x64xbf16, strided<[?, ?, 1]>>,
                             %scale: f32, %cap: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %tq = aiter.program_id 0
  %bh = aiter.program_id 1
  %seq_k = memref.dim %k, %c1 : memref<?x?x64xbf16, strided<[?, ?, 1]>>
  %m0 = arith.muli %tq, %c64 : index

  // Scalar prologue: the pre-tanh scale and the post-tanh scale (base 2).
  %log2e = arith.constant 1.44269504088896340736 : f32
  %pre = arith.divf %scale, %cap : f32
  %post = arith.mulf %cap, %log2e : f32
  %pre_t = aiter.broadcast %pre : f32 -> tensor<64x32xf32>
  %post_t = aiter.broadcast %post : f32 -> tensor<64x32xf32>

  %qt = aiter.load %q[%bh, %m0, %c0] dims [1, 2] pad 0.0
      : memref<?x?x64xbf16, strided<[?, ?, 1]>> -> tensor<64x64xbf16>
  %neg_inf_row = arith.constant dense<0xFF800000> : tensor<64xf32>
  %neg_inf = arith.constant dense<0xFF800000> : tensor<64x32xf32>
  %zero_row = arith.constant dense<0.0> : tensor<64xf32>
  %zero_acc = arith.constant dense<0.0> : tensor<64x64xf32>
  %zero_s = arith.constant dense<0.0> : tensor<64x32xf32>
  %cols = aiter.iota : tensor<32xi32>
  %seq_k_i32 = arith.index_cast %seq_k : index to i32

  %r:3 = scf.for %n = %c0 to %seq_k step %c32
      iter_args(%acc = %zero_acc, %m = %neg_inf_row, %l = %zero_row)
      -> (tensor<64x64xf32>, tensor<64xf32>, tensor<64xf32>) {
    // S = Q K^T, K read transposed (tile dim 0 along d, dim 1 along keys).
    %kt = aiter.load %k[%bh, %n, %c0] dims [2, 1] pad 0.0
        : memref<?x?x64xbf16, strided<[?, ?, 1]>> -> tensor<64x32xbf16>
    %s = aiter.dot %qt, %kt, %zero_s
        : tensor<64x64xbf16>, tensor<64x32xbf16> -> tensor<64x32xf32>
    // Softcap: c * tanh(scale * s / c), in log2 units.
    %s_pre = arith.mulf %s, %pre_t : tensor<64x32xf32>
    %s_tanh = math.tanh %s_pre : tensor<64x32xf32>
    %s_cap = arith.mulf %s_tanh, %post_t : tensor<64x32xf32>
    // Keys n + j >= seq_k do not exist.
    %n_i32 = arith.index_cast %n : index to i32
    %limit = arith.subi %seq_k_i32, %n_i32 : i32
    %limit_t = aiter.broadcast %limit : i32 -> tensor<32xi32>
    %in_seq = arith.cmpi slt, %cols, %limit_t : tensor<32xi32>
    %in_seq_r = aiter.expand_dims %in_seq axis 0 : tensor<32xi1> -> tensor<1x32xi1>
    %valid = aiter.broadcast %in_seq_r : tensor<1x32xi1> -> tensor<64x32xi1>
    %s_masked = arith.select %valid, %s_cap, %neg_inf : tensor<64x32xi1>, tensor<64x32xf32>
    // Online softmax.
    %m_tile = aiter.reduce max %s_masked axis 1 : tensor<64x32xf32> -> tensor<64xf32>
    %m_new = arith.maximumf %m, %m_tile : tensor<64xf32>
    %no_key = arith.cmpf oeq, %m_new, %neg_inf_row : tensor<64xf32>
    %m_safe = arith.select %no_key, %zero_row, %m_new : tensor<64xi1>, tensor<64xf32>
    %m_col = aiter.expand_dims %m_safe axis 1 : tensor<64xf32> -> tensor<64x1xf32>
    %m_b = aiter.broadcast %m_col : tensor<64x1xf32> -> tensor<64x32xf32>
    %s_shift = arith.subf %s_masked, %m_b : tensor<64x32xf32>
    %p = math.exp2 %s_shift : tensor<64x32xf32>
    %m_diff = arith.subf %m, %m_safe : tensor<64xf32>
    %alpha = math.exp2 %m_diff : tensor<64xf32>
    %l_tile = aiter.reduce sum %p axis 1 : tensor<64x32xf32> -> tensor<64xf32>
    %l_scaled = arith.mulf %l, %alpha : tensor<64xf32>
    %l_new = arith.addf %l_scaled, %l_tile : tensor<64xf32>
    %alpha_col = aiter.expand_dims %alpha axis 1 : tensor<64xf32> -> tensor<64x1xf32>
    %alpha_b = aiter.broadcast %alpha_col : tensor<64x1xf32> -> tensor<64x64xf32>
    %acc_scaled = arith.mulf %acc, %alpha_b : tensor<64x64xf32>
    // O += P V.
    %pb = arith.truncf %p : tensor<64x32xf32> to tensor<64x32xbf16>
    %vt = aiter.load %v[%bh, %n, %c0] dims [1, 2] pad 0.0
        : memref<?x?x64xbf16, strided<[?, ?, 1]>> -> tensor<32x64xbf16>
    %acc_new = aiter.dot %pb, %vt, %acc_scaled
        : tensor<64x32xbf16>, tensor<32x64xbf16> -> tensor<64x64xf32>
    scf.yield %acc_new, %m_new, %l_new : tensor<64x64xf32>, tensor<64xf32>, tensor<64xf32>
  }

  // O = acc / l; a row with l = 0 (seq_k = 0) is 0.
  %one_row = arith.constant dense<1.0> : tensor<64xf32>
  %l_zero = arith.cmpf oeq, %r#2, %zero_row : tensor<64xf32>
  %l_inv = arith.divf %one_row, %r#2 : tensor<64xf32>
  %l_inv_safe = arith.select %l_zero, %zero_row, %l_inv : tensor<64xi1>, tensor<64xf32>
  %l_col = aiter.expand_dims %l_inv_safe axis 1 : tensor<64xf32> -> tensor<64x1xf32>
  %l_b = aiter.broadcast %l_col : tensor<64x1xf32> -> tensor<64x64xf32>
  %out = arith.mulf %r#0, %l_b : tensor<64x64xf32>
  %out_bf16 = arith.truncf %out : tensor<64x64xf32> to tensor<64x64xbf16>
  aiter.store %out_bf16, %o[%bh, %m0, %c0] dims [1, 2]
      : tensor<64x64xbf16> -> memref<?x?x64xbf16, strided<[?, ?, 1]>>
  aiter.return
}
