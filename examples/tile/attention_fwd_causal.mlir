// Causal flash-attention forward (FA2 style, bottom-right aligned: query i
// sees key j when j <= i + seq_k - seq_q) as an aiter tile program, bhsd
// layout, head_dim 128, bf16, GQA. The key loop stops at the last key the
// tile's last row can see, so tiles right of the diagonal are never visited. One program computes a 128-row query tile of one
// (batch, q head), otherwise as in attention_fwd.mlir: Q is held across the loop, K and V stream through in tiles
// of 64 keys, softmax is online in f32 with exp2 (sm_scale_log2 =
// scale * log2(e)). Keys past seq_k are masked; a row that sees no key gets 0.
aiter.kernel @fa_fwd_causal_d128(%q: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>,
                          %k: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>,
                          %v: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>,
                          %o: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>,
                          %sm_scale_log2: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  %tq = aiter.program_id 0
  %bh = aiter.program_id 1
  %heads = memref.dim %q, %c1 : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>
  %heads_kv = memref.dim %k, %c1 : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>
  %seq_k = memref.dim %k, %c2 : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>
  %seq_q = memref.dim %q, %c2 : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>
  %b = arith.divui %bh, %heads : index
  %h = arith.remui %bh, %heads : index
  %group = arith.divui %heads, %heads_kv : index
  %hkv = arith.divui %h, %group : index
  %m0 = arith.muli %tq, %c128 : index

  %qt = aiter.load %q[%b, %h, %m0, %c0] dims [2, 3] pad 0.0
      : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>> -> tensor<128x128xbf16>
  %neg_inf_row = arith.constant dense<0xFF800000> : tensor<128xf32>
  %neg_inf = arith.constant dense<0xFF800000> : tensor<128x64xf32>
  %zero_row = arith.constant dense<0.0> : tensor<128xf32>
  %zero_acc = arith.constant dense<0.0> : tensor<128x128xf32>
  %zero_s = arith.constant dense<0.0> : tensor<128x64xf32>
  %scale = aiter.broadcast %sm_scale_log2 : f32 -> tensor<128x64xf32>
  %cols = aiter.iota : tensor<64xi32>
  %seq_k_i32 = arith.index_cast %seq_k : index to i32
  // Diagonal offset of each row: query m0 + i sees keys <= m0 + i + seq_k - seq_q.
  %shift = arith.subi %seq_k, %seq_q : index
  %row0 = arith.addi %m0, %shift : index
  %row0_i32 = arith.index_cast %row0 : index to i32
  %rows = aiter.iota : tensor<128xi32>
  %row0_t = aiter.broadcast %row0_i32 : i32 -> tensor<128xi32>
  %diag = arith.addi %rows, %row0_t : tensor<128xi32>
  %diag_col = aiter.expand_dims %diag axis 1 : tensor<128xi32> -> tensor<128x1xi32>
  %diag_b = aiter.broadcast %diag_col : tensor<128x1xi32> -> tensor<128x64xi32>
  %cols_row = aiter.expand_dims %cols axis 0 : tensor<64xi32> -> tensor<1x64xi32>
  %cols_b = aiter.broadcast %cols_row : tensor<1x64xi32> -> tensor<128x64xi32>
  // Keys past the last row's diagonal are never visible: end the loop there.
  %last = arith.addi %row0, %c128 : index
  %end_lo = arith.maxsi %last, %c0 : index
  %n_end = arith.minsi %end_lo, %seq_k : index

  %r:3 = scf.for %n = %c0 to %n_end step %c64
      iter_args(%acc = %zero_acc, %m = %neg_inf_row, %l = %zero_row)
      -> (tensor<128x128xf32>, tensor<128xf32>, tensor<128xf32>) {
    // S = Q K^T, read K transposed straight from memory.
    %kt = aiter.load %k[%b, %hkv, %n, %c0] dims [3, 2] pad 0.0
        : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>> -> tensor<128x64xbf16>
    %s = aiter.dot %qt, %kt, %zero_s
        : tensor<128x128xbf16>, tensor<128x64xbf16> -> tensor<128x64xf32>
    %s_scaled = arith.mulf %s, %scale : tensor<128x64xf32>
    // Keys n + j >= seq_k do not exist.
    %n_i32 = arith.index_cast %n : index to i32
    %limit = arith.subi %seq_k_i32, %n_i32 : i32
    %limit_t = aiter.broadcast %limit : i32 -> tensor<64xi32>
    %in_seq = arith.cmpi slt, %cols, %limit_t : tensor<64xi32>
    %in_seq_r = aiter.expand_dims %in_seq axis 0 : tensor<64xi1> -> tensor<1x64xi1>
    %in_seq_b = aiter.broadcast %in_seq_r : tensor<1x64xi1> -> tensor<128x64xi1>
    // Causal: key n + j is visible to row i when n + j <= diag[i].
    %n_t = aiter.broadcast %n_i32 : i32 -> tensor<128x64xi32>
    %key = arith.addi %cols_b, %n_t : tensor<128x64xi32>
    %causal = arith.cmpi sle, %key, %diag_b : tensor<128x64xi32>
    %valid = arith.andi %in_seq_b, %causal : tensor<128x64xi1>
    %s_masked = arith.select %valid, %s_scaled, %neg_inf : tensor<128x64xi1>, tensor<128x64xf32>
    // Online softmax.
    %m_tile = aiter.reduce maxnum %s_masked axis 1 : tensor<128x64xf32> -> tensor<128xf32>
    %m_new = arith.maxnumf %m, %m_tile : tensor<128xf32>
    %no_key = arith.cmpf oeq, %m_new, %neg_inf_row : tensor<128xf32>
    %m_safe = arith.select %no_key, %zero_row, %m_new : tensor<128xi1>, tensor<128xf32>
    %m_col = aiter.expand_dims %m_safe axis 1 : tensor<128xf32> -> tensor<128x1xf32>
    %m_b = aiter.broadcast %m_col : tensor<128x1xf32> -> tensor<128x64xf32>
    %s_shift = arith.subf %s_masked, %m_b : tensor<128x64xf32>
    %p = math.exp2 %s_shift : tensor<128x64xf32>
    %m_diff = arith.subf %m, %m_safe : tensor<128xf32>
    %alpha = math.exp2 %m_diff : tensor<128xf32>
    %l_tile = aiter.reduce sum %p axis 1 : tensor<128x64xf32> -> tensor<128xf32>
    %l_scaled = arith.mulf %l, %alpha : tensor<128xf32>
    %l_new = arith.addf %l_scaled, %l_tile : tensor<128xf32>
    %alpha_col = aiter.expand_dims %alpha axis 1 : tensor<128xf32> -> tensor<128x1xf32>
    %alpha_b = aiter.broadcast %alpha_col : tensor<128x1xf32> -> tensor<128x128xf32>
    %acc_scaled = arith.mulf %acc, %alpha_b : tensor<128x128xf32>
    // O += P V.
    %pb = arith.truncf %p : tensor<128x64xf32> to tensor<128x64xbf16>
    %vt = aiter.load %v[%b, %hkv, %n, %c0] dims [2, 3] pad 0.0
        : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>> -> tensor<64x128xbf16>
    %acc_new = aiter.dot %pb, %vt, %acc_scaled
        : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
    scf.yield %acc_new, %m_new, %l_new : tensor<128x128xf32>, tensor<128xf32>, tensor<128xf32>
  }

  // O = acc / l; a row with l = 0 saw no key and is 0.
  %one_row = arith.constant dense<1.0> : tensor<128xf32>
  %l_zero = arith.cmpf oeq, %r#2, %zero_row : tensor<128xf32>
  %l_inv = arith.divf %one_row, %r#2 : tensor<128xf32>
  %l_inv_safe = arith.select %l_zero, %zero_row, %l_inv : tensor<128xi1>, tensor<128xf32>
  %l_col = aiter.expand_dims %l_inv_safe axis 1 : tensor<128xf32> -> tensor<128x1xf32>
  %l_b = aiter.broadcast %l_col : tensor<128x1xf32> -> tensor<128x128xf32>
  %out = arith.mulf %r#0, %l_b : tensor<128x128xf32>
  %out_bf16 = arith.truncf %out : tensor<128x128xf32> to tensor<128x128xbf16>
  aiter.store %out_bf16, %o[%b, %h, %m0, %c0] dims [2, 3]
      : tensor<128x128xbf16> -> memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>
  aiter.return
}
