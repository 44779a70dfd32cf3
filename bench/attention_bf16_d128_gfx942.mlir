// The shipped flash-attention forward (bf16, head_dim 128, bshd, non-causal)
// for gfx942, layer 4, for the emulator benchmark. Regenerate (then restore
// this header) with:
//   aiter-compile --op=attention --chip=gfx942 --dtype=bf16 --head-dim=128 --emit=gpu
// Launch: --grid=ceil(seq_q/128),batch*heads,1 --block=256,1,1.

module {
  gpu.module @attention_bf16_d128 [#rocdl.target<O = 3, chip = "gfx942">] {
    gpu.func @attention_bf16_d128(%arg0: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, %arg1: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, %arg2: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, %arg3: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>) workgroup(%arg4 : memref<64x132xbf16, #gpu.address_space<workgroup>>, %arg5 : memref<128x68xbf16, #gpu.address_space<workgroup>>) kernel attributes {aiter.config = {block_m = 128 : i64, block_n = 64 : i64, mfma = "32x32x8", stages = 2 : i64, waves = 4 : i64}, aiter.variant = "aligned", known_block_size = array<i32: 256, 1, 1>} {
      %cst = arith.constant 1.000000e+00 : f32
      %cst_0 = arith.constant dense<0.127517432> : vector<16xf32>
      %cst_1 = arith.constant 0.127517432 : f32
      %c64_i32 = arith.constant 64 : i32
      %c32_i32 = arith.constant 32 : i32
      %cst_2 = arith.constant dense<0xFF800000> : vector<16xf32>
      %c7 = arith.constant 7 : index
      %c6 = arith.constant 6 : index
      %c5 = arith.constant 5 : index
      %c3 = arith.constant 3 : index
      %cst_3 = arith.constant dense<0.000000e+00> : vector<8xbf16>
      %c768 = arith.constant 768 : index
      %c512 = arith.constant 512 : index
      %c256 = arith.constant 256 : index
      %cst_4 = arith.constant 0.000000e+00 : f32
      %cst_5 = arith.constant 0xFF800000 : f32
      %cst_6 = arith.constant dense<0.000000e+00> : vector<16xf32>
      %cst_7 = arith.constant dense<[0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27]> : vector<16xi32>
      %c120 = arith.constant 120 : index
      %c112 = arith.constant 112 : index
      %c104 = arith.constant 104 : index
      %c96 = arith.constant 96 : index
      %c88 = arith.constant 88 : index
      %c80 = arith.constant 80 : index
      %c72 = arith.constant 72 : index
      %c56 = arith.constant 56 : index
      %c48 = arith.constant 48 : index
      %c40 = arith.constant 40 : index
      %c24 = arith.constant 24 : index
      %c16 = arith.constant 16 : index
      %c8 = arith.constant 8 : index
      %c4 = arith.constant 4 : index
      %c0 = arith.constant 0 : index
      %c128 = arith.constant 128 : index
      %c1 = arith.constant 1 : index
      %c2 = arith.constant 2 : index
      %c32 = arith.constant 32 : index
      %c64 = arith.constant 64 : index
      %thread_id_x = gpu.thread_id  x
      %0 = arith.remui %thread_id_x, %c64 : index
      %1 = arith.divui %thread_id_x, %c64 : index
      %2 = arith.divui %0, %c32 : index
      %3 = arith.remui %0, %c32 : index
      %dim = memref.dim %arg0, %c2 : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>
      %dim_8 = memref.dim %arg1, %c2 : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>
      %dim_9 = memref.dim %arg0, %c1 : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>
      %dim_10 = memref.dim %arg1, %c1 : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>
      %block_id_y = gpu.block_id  y
      %4 = arith.divui %block_id_y, %dim : index
      %5 = arith.remui %block_id_y, %dim : index
      %6 = arith.divui %dim, %dim_8 : index
      %7 = arith.divui %5, %6 : index
      %block_id_x = gpu.block_id  x
      %8 = arith.muli %block_id_x, %c128 : index
      %9 = arith.muli %1, %c32 : index
      %10 = arith.addi %8, %9 : index
      %11 = arith.addi %10, %3 : index
      %base_buffer, %offset, %sizes:4, %strides:4 = memref.extract_strided_metadata %arg0 : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>> -> memref<bf16>, index, index, index, index, index, index, index, index, index
      %12 = arith.cmpi eq, %sizes#0, %c0 : index
      %13 = arith.subi %sizes#0, %c1 : index
      %14 = arith.muli %13, %strides#0 : index
      %15 = arith.cmpi eq, %sizes#1, %c0 : index
      %16 = arith.ori %12, %15 : i1
      %17 = arith.subi %sizes#1, %c1 : index
      %18 = arith.muli %17, %strides#1 : index
      %19 = arith.addi %14, %18 : index
      %20 = arith.cmpi eq, %sizes#2, %c0 : index
      %21 = arith.ori %16, %20 : i1
      %22 = arith.subi %sizes#2, %c1 : index
      %23 = arith.muli %22, %strides#2 : index
      %24 = arith.addi %19, %23 : index
      %25 = arith.addi %24, %c128 : index
      %26 = arith.muli %25, %c2 : index
      %27 = arith.select %21, %c0, %26 : index
      %28 = arith.index_cast %27 : index to i64
      %29 = amdgpu.fat_raw_buffer_cast %arg0 validBytes(%28) : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>> to memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>
      %base_buffer_11, %offset_12, %sizes_13:4, %strides_14:4 = memref.extract_strided_metadata %arg1 : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>> -> memref<bf16>, index, index, index, index, index, index, index, index, index
      %30 = arith.cmpi eq, %sizes_13#0, %c0 : index
      %31 = arith.subi %sizes_13#0, %c1 : index
      %32 = arith.muli %31, %strides_14#0 : index
      %33 = arith.cmpi eq, %sizes_13#1, %c0 : index
      %34 = arith.ori %30, %33 : i1
      %35 = arith.subi %sizes_13#1, %c1 : index
      %36 = arith.muli %35, %strides_14#1 : index
      %37 = arith.addi %32, %36 : index
      %38 = arith.cmpi eq, %sizes_13#2, %c0 : index
      %39 = arith.ori %34, %38 : i1
      %40 = arith.subi %sizes_13#2, %c1 : index
      %41 = arith.muli %40, %strides_14#2 : index
      %42 = arith.addi %37, %41 : index
      %43 = arith.addi %42, %c128 : index
      %44 = arith.muli %43, %c2 : index
      %45 = arith.select %39, %c0, %44 : index
      %46 = arith.index_cast %45 : index to i64
      %47 = amdgpu.fat_raw_buffer_cast %arg1 validBytes(%46) : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>> to memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>
      %base_buffer_15, %offset_16, %sizes_17:4, %strides_18:4 = memref.extract_strided_metadata %arg2 : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>> -> memref<bf16>, index, index, index, index, index, index, index, index, index
      %48 = arith.cmpi eq, %sizes_17#0, %c0 : index
      %49 = arith.subi %sizes_17#0, %c1 : index
      %50 = arith.muli %49, %strides_18#0 : index
      %51 = arith.cmpi eq, %sizes_17#1, %c0 : index
      %52 = arith.ori %48, %51 : i1
      %53 = arith.subi %sizes_17#1, %c1 : index
      %54 = arith.muli %53, %strides_18#1 : index
      %55 = arith.addi %50, %54 : index
      %56 = arith.cmpi eq, %sizes_17#2, %c0 : index
      %57 = arith.ori %52, %56 : i1
      %58 = arith.subi %sizes_17#2, %c1 : index
      %59 = arith.muli %58, %strides_18#2 : index
      %60 = arith.addi %55, %59 : index
      %61 = arith.addi %60, %c128 : index
      %62 = arith.muli %61, %c2 : index
      %63 = arith.select %57, %c0, %62 : index
      %64 = arith.index_cast %63 : index to i64
      %65 = amdgpu.fat_raw_buffer_cast %arg2 validBytes(%64) : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>> to memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>
      %66 = arith.muli %2, %c4 : index
      %67 = vector.load %29[%4, %11, %5, %66] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %68 = arith.addi %66, %c8 : index
      %69 = vector.load %29[%4, %11, %5, %68] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %70 = arith.addi %66, %c16 : index
      %71 = vector.load %29[%4, %11, %5, %70] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %72 = arith.addi %66, %c24 : index
      %73 = vector.load %29[%4, %11, %5, %72] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %74 = arith.addi %66, %c32 : index
      %75 = vector.load %29[%4, %11, %5, %74] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %76 = arith.addi %66, %c40 : index
      %77 = vector.load %29[%4, %11, %5, %76] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %78 = arith.addi %66, %c48 : index
      %79 = vector.load %29[%4, %11, %5, %78] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %80 = arith.addi %66, %c56 : index
      %81 = vector.load %29[%4, %11, %5, %80] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %82 = arith.addi %66, %c64 : index
      %83 = vector.load %29[%4, %11, %5, %82] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %84 = arith.addi %66, %c72 : index
      %85 = vector.load %29[%4, %11, %5, %84] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %86 = arith.addi %66, %c80 : index
      %87 = vector.load %29[%4, %11, %5, %86] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %88 = arith.addi %66, %c88 : index
      %89 = vector.load %29[%4, %11, %5, %88] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %90 = arith.addi %66, %c96 : index
      %91 = vector.load %29[%4, %11, %5, %90] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %92 = arith.addi %66, %c104 : index
      %93 = vector.load %29[%4, %11, %5, %92] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %94 = arith.addi %66, %c112 : index
      %95 = vector.load %29[%4, %11, %5, %94] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %96 = arith.addi %66, %c120 : index
      %97 = vector.load %29[%4, %11, %5, %96] {alignment = 8 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<4xbf16>
      %98 = arith.index_cast %dim_10 : index to i32
      %99 = arith.index_cast %66 : index to i32
      %100 = arith.maxsi %dim_10, %c0 : index
      %101 = arith.divui %100, %c64 : index
      %102 = arith.muli %101, %c64 : index
      %103 = arith.maxsi %102, %c0 : index
      %104 = arith.minsi %103, %dim_10 : index
      %105 = arith.divui %thread_id_x, %c16 : index
      %106 = arith.addi %104, %105 : index
      %107 = arith.remui %thread_id_x, %c16 : index
      %108 = arith.muli %107, %c8 : index
      %109 = vector.load %47[%4, %106, %7, %108] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %110 = arith.addi %thread_id_x, %c256 : index
      %111 = arith.divui %110, %c16 : index
      %112 = arith.addi %104, %111 : index
      %113 = arith.remui %110, %c16 : index
      %114 = arith.muli %113, %c8 : index
      %115 = vector.load %47[%4, %112, %7, %114] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %116 = arith.addi %thread_id_x, %c512 : index
      %117 = arith.divui %116, %c16 : index
      %118 = arith.addi %104, %117 : index
      %119 = arith.remui %116, %c16 : index
      %120 = arith.muli %119, %c8 : index
      %121 = vector.load %47[%4, %118, %7, %120] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %122 = arith.addi %thread_id_x, %c768 : index
      %123 = arith.divui %122, %c16 : index
      %124 = arith.addi %104, %123 : index
      %125 = arith.remui %122, %c16 : index
      %126 = arith.muli %125, %c8 : index
      %127 = vector.load %47[%4, %124, %7, %126] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %128 = vector.load %65[%4, %106, %7, %108] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %129 = vector.load %65[%4, %112, %7, %114] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %130 = vector.load %65[%4, %118, %7, %120] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %131 = vector.load %65[%4, %124, %7, %126] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %132:14 = scf.for %arg6 = %104 to %dim_10 step %c64 iter_args(%arg7 = %cst_6, %arg8 = %cst_6, %arg9 = %cst_6, %arg10 = %cst_6, %arg11 = %cst_5, %arg12 = %cst_4, %arg13 = %109, %arg14 = %115, %arg15 = %121, %arg16 = %127, %arg17 = %128, %arg18 = %129, %arg19 = %130, %arg20 = %131) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, f32, f32, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>) {
        amdgpu.lds_barrier
        vector.store %arg13, %arg4[%105, %108] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %147 = arith.addi %arg6, %105 : index
        %148 = arith.cmpi ult, %147, %dim_10 : index
        %149 = arith.select %148, %arg17, %cst_3 : vector<8xbf16>
        %150 = vector.extract %149[0] : bf16 from vector<8xbf16>
        memref.store %150, %arg5[%108, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %151 = vector.extract %149[1] : bf16 from vector<8xbf16>
        %152 = arith.addi %108, %c1 : index
        memref.store %151, %arg5[%152, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %153 = vector.extract %149[2] : bf16 from vector<8xbf16>
        %154 = arith.addi %108, %c2 : index
        memref.store %153, %arg5[%154, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %155 = vector.extract %149[3] : bf16 from vector<8xbf16>
        %156 = arith.addi %108, %c3 : index
        memref.store %155, %arg5[%156, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %157 = vector.extract %149[4] : bf16 from vector<8xbf16>
        %158 = arith.addi %108, %c4 : index
        memref.store %157, %arg5[%158, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %159 = vector.extract %149[5] : bf16 from vector<8xbf16>
        %160 = arith.addi %108, %c5 : index
        memref.store %159, %arg5[%160, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %161 = vector.extract %149[6] : bf16 from vector<8xbf16>
        %162 = arith.addi %108, %c6 : index
        memref.store %161, %arg5[%162, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %163 = vector.extract %149[7] : bf16 from vector<8xbf16>
        %164 = arith.addi %108, %c7 : index
        memref.store %163, %arg5[%164, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        vector.store %arg14, %arg4[%111, %114] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %165 = arith.addi %arg6, %111 : index
        %166 = arith.cmpi ult, %165, %dim_10 : index
        %167 = arith.select %166, %arg18, %cst_3 : vector<8xbf16>
        %168 = vector.extract %167[0] : bf16 from vector<8xbf16>
        memref.store %168, %arg5[%114, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %169 = vector.extract %167[1] : bf16 from vector<8xbf16>
        %170 = arith.addi %114, %c1 : index
        memref.store %169, %arg5[%170, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %171 = vector.extract %167[2] : bf16 from vector<8xbf16>
        %172 = arith.addi %114, %c2 : index
        memref.store %171, %arg5[%172, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %173 = vector.extract %167[3] : bf16 from vector<8xbf16>
        %174 = arith.addi %114, %c3 : index
        memref.store %173, %arg5[%174, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %175 = vector.extract %167[4] : bf16 from vector<8xbf16>
        %176 = arith.addi %114, %c4 : index
        memref.store %175, %arg5[%176, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %177 = vector.extract %167[5] : bf16 from vector<8xbf16>
        %178 = arith.addi %114, %c5 : index
        memref.store %177, %arg5[%178, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %179 = vector.extract %167[6] : bf16 from vector<8xbf16>
        %180 = arith.addi %114, %c6 : index
        memref.store %179, %arg5[%180, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %181 = vector.extract %167[7] : bf16 from vector<8xbf16>
        %182 = arith.addi %114, %c7 : index
        memref.store %181, %arg5[%182, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        vector.store %arg15, %arg4[%117, %120] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %183 = arith.addi %arg6, %117 : index
        %184 = arith.cmpi ult, %183, %dim_10 : index
        %185 = arith.select %184, %arg19, %cst_3 : vector<8xbf16>
        %186 = vector.extract %185[0] : bf16 from vector<8xbf16>
        memref.store %186, %arg5[%120, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %187 = vector.extract %185[1] : bf16 from vector<8xbf16>
        %188 = arith.addi %120, %c1 : index
        memref.store %187, %arg5[%188, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %189 = vector.extract %185[2] : bf16 from vector<8xbf16>
        %190 = arith.addi %120, %c2 : index
        memref.store %189, %arg5[%190, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %191 = vector.extract %185[3] : bf16 from vector<8xbf16>
        %192 = arith.addi %120, %c3 : index
        memref.store %191, %arg5[%192, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %193 = vector.extract %185[4] : bf16 from vector<8xbf16>
        %194 = arith.addi %120, %c4 : index
        memref.store %193, %arg5[%194, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %195 = vector.extract %185[5] : bf16 from vector<8xbf16>
        %196 = arith.addi %120, %c5 : index
        memref.store %195, %arg5[%196, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %197 = vector.extract %185[6] : bf16 from vector<8xbf16>
        %198 = arith.addi %120, %c6 : index
        memref.store %197, %arg5[%198, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %199 = vector.extract %185[7] : bf16 from vector<8xbf16>
        %200 = arith.addi %120, %c7 : index
        memref.store %199, %arg5[%200, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        vector.store %arg16, %arg4[%123, %126] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %201 = arith.addi %arg6, %123 : index
        %202 = arith.cmpi ult, %201, %dim_10 : index
        %203 = arith.select %202, %arg20, %cst_3 : vector<8xbf16>
        %204 = vector.extract %203[0] : bf16 from vector<8xbf16>
        memref.store %204, %arg5[%126, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %205 = vector.extract %203[1] : bf16 from vector<8xbf16>
        %206 = arith.addi %126, %c1 : index
        memref.store %205, %arg5[%206, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %207 = vector.extract %203[2] : bf16 from vector<8xbf16>
        %208 = arith.addi %126, %c2 : index
        memref.store %207, %arg5[%208, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %209 = vector.extract %203[3] : bf16 from vector<8xbf16>
        %210 = arith.addi %126, %c3 : index
        memref.store %209, %arg5[%210, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %211 = vector.extract %203[4] : bf16 from vector<8xbf16>
        %212 = arith.addi %126, %c4 : index
        memref.store %211, %arg5[%212, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %213 = vector.extract %203[5] : bf16 from vector<8xbf16>
        %214 = arith.addi %126, %c5 : index
        memref.store %213, %arg5[%214, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %215 = vector.extract %203[6] : bf16 from vector<8xbf16>
        %216 = arith.addi %126, %c6 : index
        memref.store %215, %arg5[%216, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %217 = vector.extract %203[7] : bf16 from vector<8xbf16>
        %218 = arith.addi %126, %c7 : index
        memref.store %217, %arg5[%218, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        amdgpu.lds_barrier
        %219 = arith.addi %arg6, %c64 : index
        %220 = arith.addi %219, %105 : index
        %221 = vector.load %47[%4, %220, %7, %108] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %222 = arith.addi %219, %111 : index
        %223 = vector.load %47[%4, %222, %7, %114] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %224 = arith.addi %219, %117 : index
        %225 = vector.load %47[%4, %224, %7, %120] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %226 = arith.addi %219, %123 : index
        %227 = vector.load %47[%4, %226, %7, %126] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %228 = vector.load %65[%4, %220, %7, %108] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %229 = vector.load %65[%4, %222, %7, %114] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %230 = vector.load %65[%4, %224, %7, %120] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %231 = vector.load %65[%4, %226, %7, %126] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %232 = vector.load %arg4[%3, %66] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %233 = amdgpu.mfma 32x32x8 %232 * %67 + %cst_6 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %234 = vector.load %arg4[%3, %68] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %235 = amdgpu.mfma 32x32x8 %234 * %69 + %233 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %236 = vector.load %arg4[%3, %70] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %237 = amdgpu.mfma 32x32x8 %236 * %71 + %235 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %238 = vector.load %arg4[%3, %72] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %239 = amdgpu.mfma 32x32x8 %238 * %73 + %237 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %240 = vector.load %arg4[%3, %74] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %241 = amdgpu.mfma 32x32x8 %240 * %75 + %239 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %242 = vector.load %arg4[%3, %76] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %243 = amdgpu.mfma 32x32x8 %242 * %77 + %241 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %244 = vector.load %arg4[%3, %78] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %245 = amdgpu.mfma 32x32x8 %244 * %79 + %243 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %246 = vector.load %arg4[%3, %80] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %247 = amdgpu.mfma 32x32x8 %246 * %81 + %245 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %248 = vector.load %arg4[%3, %82] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %249 = amdgpu.mfma 32x32x8 %248 * %83 + %247 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %250 = vector.load %arg4[%3, %84] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %251 = amdgpu.mfma 32x32x8 %250 * %85 + %249 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %252 = vector.load %arg4[%3, %86] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %253 = amdgpu.mfma 32x32x8 %252 * %87 + %251 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %254 = vector.load %arg4[%3, %88] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %255 = amdgpu.mfma 32x32x8 %254 * %89 + %253 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %256 = vector.load %arg4[%3, %90] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %257 = amdgpu.mfma 32x32x8 %256 * %91 + %255 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %258 = vector.load %arg4[%3, %92] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %259 = amdgpu.mfma 32x32x8 %258 * %93 + %257 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %260 = vector.load %arg4[%3, %94] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %261 = amdgpu.mfma 32x32x8 %260 * %95 + %259 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %262 = vector.load %arg4[%3, %96] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %263 = amdgpu.mfma 32x32x8 %262 * %97 + %261 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %264 = arith.addi %3, %c32 : index
        %265 = vector.load %arg4[%264, %66] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %266 = amdgpu.mfma 32x32x8 %265 * %67 + %cst_6 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %267 = vector.load %arg4[%264, %68] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %268 = amdgpu.mfma 32x32x8 %267 * %69 + %266 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %269 = vector.load %arg4[%264, %70] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %270 = amdgpu.mfma 32x32x8 %269 * %71 + %268 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %271 = vector.load %arg4[%264, %72] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %272 = amdgpu.mfma 32x32x8 %271 * %73 + %270 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %273 = vector.load %arg4[%264, %74] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %274 = amdgpu.mfma 32x32x8 %273 * %75 + %272 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %275 = vector.load %arg4[%264, %76] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %276 = amdgpu.mfma 32x32x8 %275 * %77 + %274 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %277 = vector.load %arg4[%264, %78] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %278 = amdgpu.mfma 32x32x8 %277 * %79 + %276 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %279 = vector.load %arg4[%264, %80] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %280 = amdgpu.mfma 32x32x8 %279 * %81 + %278 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %281 = vector.load %arg4[%264, %82] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %282 = amdgpu.mfma 32x32x8 %281 * %83 + %280 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %283 = vector.load %arg4[%264, %84] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %284 = amdgpu.mfma 32x32x8 %283 * %85 + %282 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %285 = vector.load %arg4[%264, %86] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %286 = amdgpu.mfma 32x32x8 %285 * %87 + %284 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %287 = vector.load %arg4[%264, %88] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %288 = amdgpu.mfma 32x32x8 %287 * %89 + %286 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %289 = vector.load %arg4[%264, %90] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %290 = amdgpu.mfma 32x32x8 %289 * %91 + %288 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %291 = vector.load %arg4[%264, %92] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %292 = amdgpu.mfma 32x32x8 %291 * %93 + %290 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %293 = vector.load %arg4[%264, %94] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %294 = amdgpu.mfma 32x32x8 %293 * %95 + %292 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %295 = vector.load %arg4[%264, %96] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %296 = amdgpu.mfma 32x32x8 %295 * %97 + %294 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %297 = arith.index_cast %arg6 : index to i32
        %298 = arith.addi %297, %99 : i32
        %299 = vector.broadcast %298 : i32 to vector<16xi32>
        %300 = arith.addi %299, %cst_7 : vector<16xi32>
        %301 = vector.broadcast %98 : i32 to vector<16xi32>
        %302 = arith.cmpi slt, %300, %301 : vector<16xi32>
        %303 = arith.select %302, %263, %cst_2 : vector<16xi1>, vector<16xf32>
        %304 = arith.addi %arg6, %c32 : index
        %305 = arith.index_cast %304 : index to i32
        %306 = arith.addi %305, %99 : i32
        %307 = vector.broadcast %306 : i32 to vector<16xi32>
        %308 = arith.addi %307, %cst_7 : vector<16xi32>
        %309 = arith.cmpi slt, %308, %301 : vector<16xi32>
        %310 = arith.select %309, %296, %cst_2 : vector<16xi1>, vector<16xf32>
        %311 = vector.reduction <maxnumf>, %303 : vector<16xf32> into f32
        %312 = vector.reduction <maxnumf>, %310 : vector<16xf32> into f32
        %313 = arith.maxnumf %311, %312 : f32
        %shuffleResult, %valid = gpu.shuffle  xor %313, %c32_i32, %c64_i32 : f32
        %314 = arith.maxnumf %313, %shuffleResult : f32
        %315 = arith.mulf %314, %cst_1 : f32
        %316 = arith.maxnumf %arg11, %315 : f32
        %317 = arith.cmpf oeq, %316, %cst_5 : f32
        %318 = arith.select %317, %cst_4, %316 : f32
        %319 = arith.negf %318 : f32
        %320 = vector.broadcast %319 : f32 to vector<16xf32>
        %321 = math.fma %303, %cst_0, %320 : vector<16xf32>
        %322 = math.exp2 %321 : vector<16xf32>
        %323 = math.fma %310, %cst_0, %320 : vector<16xf32>
        %324 = math.exp2 %323 : vector<16xf32>
        %325 = arith.subf %arg11, %318 : f32
        %326 = math.exp2 %325 : f32
        %327 = vector.reduction <add>, %322 : vector<16xf32> into f32
        %328 = vector.reduction <add>, %324 : vector<16xf32> into f32
        %329 = arith.addf %327, %328 : f32
        %shuffleResult_19, %valid_20 = gpu.shuffle  xor %329, %c32_i32, %c64_i32 : f32
        %330 = arith.addf %329, %shuffleResult_19 : f32
        %331 = arith.mulf %arg12, %326 : f32
        %332 = arith.addf %331, %330 : f32
        %333 = vector.broadcast %326 : f32 to vector<16xf32>
        %334 = arith.mulf %arg7, %333 : vector<16xf32>
        %335 = arith.mulf %arg8, %333 : vector<16xf32>
        %336 = arith.mulf %arg9, %333 : vector<16xf32>
        %337 = arith.mulf %arg10, %333 : vector<16xf32>
        %338 = arith.truncf %322 : vector<16xf32> to vector<16xbf16>
        %339 = vector.shuffle %338, %338 [0, 1, 2, 3] : vector<16xbf16>, vector<16xbf16>
        %340 = vector.load %arg5[%3, %66] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %341 = amdgpu.mfma 32x32x8 %340 * %339 + %334 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %342 = vector.load %arg5[%264, %66] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %343 = amdgpu.mfma 32x32x8 %342 * %339 + %335 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %344 = arith.addi %3, %c64 : index
        %345 = vector.load %arg5[%344, %66] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %346 = amdgpu.mfma 32x32x8 %345 * %339 + %336 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %347 = arith.addi %3, %c96 : index
        %348 = vector.load %arg5[%347, %66] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %349 = amdgpu.mfma 32x32x8 %348 * %339 + %337 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %350 = vector.shuffle %338, %338 [4, 5, 6, 7] : vector<16xbf16>, vector<16xbf16>
        %351 = vector.load %arg5[%3, %68] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %352 = amdgpu.mfma 32x32x8 %351 * %350 + %341 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %353 = vector.load %arg5[%264, %68] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %354 = amdgpu.mfma 32x32x8 %353 * %350 + %343 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %355 = vector.load %arg5[%344, %68] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %356 = amdgpu.mfma 32x32x8 %355 * %350 + %346 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %357 = vector.load %arg5[%347, %68] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %358 = amdgpu.mfma 32x32x8 %357 * %350 + %349 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %359 = vector.shuffle %338, %338 [8, 9, 10, 11] : vector<16xbf16>, vector<16xbf16>
        %360 = vector.load %arg5[%3, %70] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %361 = amdgpu.mfma 32x32x8 %360 * %359 + %352 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %362 = vector.load %arg5[%264, %70] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %363 = amdgpu.mfma 32x32x8 %362 * %359 + %354 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %364 = vector.load %arg5[%344, %70] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %365 = amdgpu.mfma 32x32x8 %364 * %359 + %356 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %366 = vector.load %arg5[%347, %70] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %367 = amdgpu.mfma 32x32x8 %366 * %359 + %358 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %368 = vector.shuffle %338, %338 [12, 13, 14, 15] : vector<16xbf16>, vector<16xbf16>
        %369 = vector.load %arg5[%3, %72] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %370 = amdgpu.mfma 32x32x8 %369 * %368 + %361 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %371 = vector.load %arg5[%264, %72] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %372 = amdgpu.mfma 32x32x8 %371 * %368 + %363 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %373 = vector.load %arg5[%344, %72] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %374 = amdgpu.mfma 32x32x8 %373 * %368 + %365 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %375 = vector.load %arg5[%347, %72] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %376 = amdgpu.mfma 32x32x8 %375 * %368 + %367 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %377 = arith.truncf %324 : vector<16xf32> to vector<16xbf16>
        %378 = vector.shuffle %377, %377 [0, 1, 2, 3] : vector<16xbf16>, vector<16xbf16>
        %379 = vector.load %arg5[%3, %74] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %380 = amdgpu.mfma 32x32x8 %379 * %378 + %370 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %381 = vector.load %arg5[%264, %74] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %382 = amdgpu.mfma 32x32x8 %381 * %378 + %372 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %383 = vector.load %arg5[%344, %74] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %384 = amdgpu.mfma 32x32x8 %383 * %378 + %374 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %385 = vector.load %arg5[%347, %74] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %386 = amdgpu.mfma 32x32x8 %385 * %378 + %376 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %387 = vector.shuffle %377, %377 [4, 5, 6, 7] : vector<16xbf16>, vector<16xbf16>
        %388 = vector.load %arg5[%3, %76] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %389 = amdgpu.mfma 32x32x8 %388 * %387 + %380 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %390 = vector.load %arg5[%264, %76] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %391 = amdgpu.mfma 32x32x8 %390 * %387 + %382 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %392 = vector.load %arg5[%344, %76] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %393 = amdgpu.mfma 32x32x8 %392 * %387 + %384 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %394 = vector.load %arg5[%347, %76] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %395 = amdgpu.mfma 32x32x8 %394 * %387 + %386 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %396 = vector.shuffle %377, %377 [8, 9, 10, 11] : vector<16xbf16>, vector<16xbf16>
        %397 = vector.load %arg5[%3, %78] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %398 = amdgpu.mfma 32x32x8 %397 * %396 + %389 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %399 = vector.load %arg5[%264, %78] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %400 = amdgpu.mfma 32x32x8 %399 * %396 + %391 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %401 = vector.load %arg5[%344, %78] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %402 = amdgpu.mfma 32x32x8 %401 * %396 + %393 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %403 = vector.load %arg5[%347, %78] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %404 = amdgpu.mfma 32x32x8 %403 * %396 + %395 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %405 = vector.shuffle %377, %377 [12, 13, 14, 15] : vector<16xbf16>, vector<16xbf16>
        %406 = vector.load %arg5[%3, %80] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %407 = amdgpu.mfma 32x32x8 %406 * %405 + %398 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %408 = vector.load %arg5[%264, %80] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %409 = amdgpu.mfma 32x32x8 %408 * %405 + %400 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %410 = vector.load %arg5[%344, %80] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %411 = amdgpu.mfma 32x32x8 %410 * %405 + %402 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %412 = vector.load %arg5[%347, %80] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %413 = amdgpu.mfma 32x32x8 %412 * %405 + %404 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        scf.yield %407, %409, %411, %413, %316, %332, %221, %223, %225, %227, %228, %229, %230, %231 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, f32, f32, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>
      }
      %133 = vector.load %47[%4, %105, %7, %108] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %134 = vector.load %47[%4, %111, %7, %114] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %135 = vector.load %47[%4, %117, %7, %120] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %136 = vector.load %47[%4, %123, %7, %126] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %137 = vector.load %65[%4, %105, %7, %108] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %138 = vector.load %65[%4, %111, %7, %114] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %139 = vector.load %65[%4, %117, %7, %120] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %140 = vector.load %65[%4, %123, %7, %126] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %141:14 = scf.for %arg6 = %c0 to %104 step %c64 iter_args(%arg7 = %132#0, %arg8 = %132#1, %arg9 = %132#2, %arg10 = %132#3, %arg11 = %132#4, %arg12 = %132#5, %arg13 = %133, %arg14 = %134, %arg15 = %135, %arg16 = %136, %arg17 = %137, %arg18 = %138, %arg19 = %139, %arg20 = %140) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, f32, f32, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>) {
        amdgpu.lds_barrier
        vector.store %arg13, %arg4[%105, %108] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %147 = arith.addi %arg6, %105 : index
        %148 = arith.cmpi ult, %147, %dim_10 : index
        %149 = arith.select %148, %arg17, %cst_3 : vector<8xbf16>
        %150 = vector.extract %149[0] : bf16 from vector<8xbf16>
        memref.store %150, %arg5[%108, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %151 = vector.extract %149[1] : bf16 from vector<8xbf16>
        %152 = arith.addi %108, %c1 : index
        memref.store %151, %arg5[%152, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %153 = vector.extract %149[2] : bf16 from vector<8xbf16>
        %154 = arith.addi %108, %c2 : index
        memref.store %153, %arg5[%154, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %155 = vector.extract %149[3] : bf16 from vector<8xbf16>
        %156 = arith.addi %108, %c3 : index
        memref.store %155, %arg5[%156, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %157 = vector.extract %149[4] : bf16 from vector<8xbf16>
        %158 = arith.addi %108, %c4 : index
        memref.store %157, %arg5[%158, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %159 = vector.extract %149[5] : bf16 from vector<8xbf16>
        %160 = arith.addi %108, %c5 : index
        memref.store %159, %arg5[%160, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %161 = vector.extract %149[6] : bf16 from vector<8xbf16>
        %162 = arith.addi %108, %c6 : index
        memref.store %161, %arg5[%162, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %163 = vector.extract %149[7] : bf16 from vector<8xbf16>
        %164 = arith.addi %108, %c7 : index
        memref.store %163, %arg5[%164, %105] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        vector.store %arg14, %arg4[%111, %114] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %165 = arith.addi %arg6, %111 : index
        %166 = arith.cmpi ult, %165, %dim_10 : index
        %167 = arith.select %166, %arg18, %cst_3 : vector<8xbf16>
        %168 = vector.extract %167[0] : bf16 from vector<8xbf16>
        memref.store %168, %arg5[%114, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %169 = vector.extract %167[1] : bf16 from vector<8xbf16>
        %170 = arith.addi %114, %c1 : index
        memref.store %169, %arg5[%170, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %171 = vector.extract %167[2] : bf16 from vector<8xbf16>
        %172 = arith.addi %114, %c2 : index
        memref.store %171, %arg5[%172, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %173 = vector.extract %167[3] : bf16 from vector<8xbf16>
        %174 = arith.addi %114, %c3 : index
        memref.store %173, %arg5[%174, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %175 = vector.extract %167[4] : bf16 from vector<8xbf16>
        %176 = arith.addi %114, %c4 : index
        memref.store %175, %arg5[%176, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %177 = vector.extract %167[5] : bf16 from vector<8xbf16>
        %178 = arith.addi %114, %c5 : index
        memref.store %177, %arg5[%178, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %179 = vector.extract %167[6] : bf16 from vector<8xbf16>
        %180 = arith.addi %114, %c6 : index
        memref.store %179, %arg5[%180, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %181 = vector.extract %167[7] : bf16 from vector<8xbf16>
        %182 = arith.addi %114, %c7 : index
        memref.store %181, %arg5[%182, %111] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        vector.store %arg15, %arg4[%117, %120] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %183 = arith.addi %arg6, %117 : index
        %184 = arith.cmpi ult, %183, %dim_10 : index
        %185 = arith.select %184, %arg19, %cst_3 : vector<8xbf16>
        %186 = vector.extract %185[0] : bf16 from vector<8xbf16>
        memref.store %186, %arg5[%120, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %187 = vector.extract %185[1] : bf16 from vector<8xbf16>
        %188 = arith.addi %120, %c1 : index
        memref.store %187, %arg5[%188, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %189 = vector.extract %185[2] : bf16 from vector<8xbf16>
        %190 = arith.addi %120, %c2 : index
        memref.store %189, %arg5[%190, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %191 = vector.extract %185[3] : bf16 from vector<8xbf16>
        %192 = arith.addi %120, %c3 : index
        memref.store %191, %arg5[%192, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %193 = vector.extract %185[4] : bf16 from vector<8xbf16>
        %194 = arith.addi %120, %c4 : index
        memref.store %193, %arg5[%194, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %195 = vector.extract %185[5] : bf16 from vector<8xbf16>
        %196 = arith.addi %120, %c5 : index
        memref.store %195, %arg5[%196, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %197 = vector.extract %185[6] : bf16 from vector<8xbf16>
        %198 = arith.addi %120, %c6 : index
        memref.store %197, %arg5[%198, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %199 = vector.extract %185[7] : bf16 from vector<8xbf16>
        %200 = arith.addi %120, %c7 : index
        memref.store %199, %arg5[%200, %117] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        vector.store %arg16, %arg4[%123, %126] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %201 = arith.addi %arg6, %123 : index
        %202 = arith.cmpi ult, %201, %dim_10 : index
        %203 = arith.select %202, %arg20, %cst_3 : vector<8xbf16>
        %204 = vector.extract %203[0] : bf16 from vector<8xbf16>
        memref.store %204, %arg5[%126, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %205 = vector.extract %203[1] : bf16 from vector<8xbf16>
        %206 = arith.addi %126, %c1 : index
        memref.store %205, %arg5[%206, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %207 = vector.extract %203[2] : bf16 from vector<8xbf16>
        %208 = arith.addi %126, %c2 : index
        memref.store %207, %arg5[%208, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %209 = vector.extract %203[3] : bf16 from vector<8xbf16>
        %210 = arith.addi %126, %c3 : index
        memref.store %209, %arg5[%210, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %211 = vector.extract %203[4] : bf16 from vector<8xbf16>
        %212 = arith.addi %126, %c4 : index
        memref.store %211, %arg5[%212, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %213 = vector.extract %203[5] : bf16 from vector<8xbf16>
        %214 = arith.addi %126, %c5 : index
        memref.store %213, %arg5[%214, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %215 = vector.extract %203[6] : bf16 from vector<8xbf16>
        %216 = arith.addi %126, %c6 : index
        memref.store %215, %arg5[%216, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        %217 = vector.extract %203[7] : bf16 from vector<8xbf16>
        %218 = arith.addi %126, %c7 : index
        memref.store %217, %arg5[%218, %123] : memref<128x68xbf16, #gpu.address_space<workgroup>>
        amdgpu.lds_barrier
        %219 = arith.addi %arg6, %c64 : index
        %220 = arith.addi %219, %105 : index
        %221 = vector.load %47[%4, %220, %7, %108] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %222 = arith.addi %219, %111 : index
        %223 = vector.load %47[%4, %222, %7, %114] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %224 = arith.addi %219, %117 : index
        %225 = vector.load %47[%4, %224, %7, %120] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %226 = arith.addi %219, %123 : index
        %227 = vector.load %47[%4, %226, %7, %126] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %228 = vector.load %65[%4, %220, %7, %108] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %229 = vector.load %65[%4, %222, %7, %114] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %230 = vector.load %65[%4, %224, %7, %120] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %231 = vector.load %65[%4, %226, %7, %126] {alignment = 16 : i64} : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %232 = vector.load %arg4[%3, %66] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %233 = amdgpu.mfma 32x32x8 %232 * %67 + %cst_6 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %234 = vector.load %arg4[%3, %68] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %235 = amdgpu.mfma 32x32x8 %234 * %69 + %233 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %236 = vector.load %arg4[%3, %70] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %237 = amdgpu.mfma 32x32x8 %236 * %71 + %235 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %238 = vector.load %arg4[%3, %72] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %239 = amdgpu.mfma 32x32x8 %238 * %73 + %237 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %240 = vector.load %arg4[%3, %74] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %241 = amdgpu.mfma 32x32x8 %240 * %75 + %239 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %242 = vector.load %arg4[%3, %76] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %243 = amdgpu.mfma 32x32x8 %242 * %77 + %241 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %244 = vector.load %arg4[%3, %78] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %245 = amdgpu.mfma 32x32x8 %244 * %79 + %243 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %246 = vector.load %arg4[%3, %80] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %247 = amdgpu.mfma 32x32x8 %246 * %81 + %245 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %248 = vector.load %arg4[%3, %82] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %249 = amdgpu.mfma 32x32x8 %248 * %83 + %247 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %250 = vector.load %arg4[%3, %84] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %251 = amdgpu.mfma 32x32x8 %250 * %85 + %249 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %252 = vector.load %arg4[%3, %86] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %253 = amdgpu.mfma 32x32x8 %252 * %87 + %251 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %254 = vector.load %arg4[%3, %88] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %255 = amdgpu.mfma 32x32x8 %254 * %89 + %253 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %256 = vector.load %arg4[%3, %90] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %257 = amdgpu.mfma 32x32x8 %256 * %91 + %255 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %258 = vector.load %arg4[%3, %92] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %259 = amdgpu.mfma 32x32x8 %258 * %93 + %257 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %260 = vector.load %arg4[%3, %94] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %261 = amdgpu.mfma 32x32x8 %260 * %95 + %259 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %262 = vector.load %arg4[%3, %96] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %263 = amdgpu.mfma 32x32x8 %262 * %97 + %261 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %264 = arith.addi %3, %c32 : index
        %265 = vector.load %arg4[%264, %66] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %266 = amdgpu.mfma 32x32x8 %265 * %67 + %cst_6 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %267 = vector.load %arg4[%264, %68] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %268 = amdgpu.mfma 32x32x8 %267 * %69 + %266 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %269 = vector.load %arg4[%264, %70] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %270 = amdgpu.mfma 32x32x8 %269 * %71 + %268 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %271 = vector.load %arg4[%264, %72] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %272 = amdgpu.mfma 32x32x8 %271 * %73 + %270 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %273 = vector.load %arg4[%264, %74] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %274 = amdgpu.mfma 32x32x8 %273 * %75 + %272 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %275 = vector.load %arg4[%264, %76] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %276 = amdgpu.mfma 32x32x8 %275 * %77 + %274 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %277 = vector.load %arg4[%264, %78] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %278 = amdgpu.mfma 32x32x8 %277 * %79 + %276 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %279 = vector.load %arg4[%264, %80] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %280 = amdgpu.mfma 32x32x8 %279 * %81 + %278 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %281 = vector.load %arg4[%264, %82] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %282 = amdgpu.mfma 32x32x8 %281 * %83 + %280 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %283 = vector.load %arg4[%264, %84] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %284 = amdgpu.mfma 32x32x8 %283 * %85 + %282 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %285 = vector.load %arg4[%264, %86] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %286 = amdgpu.mfma 32x32x8 %285 * %87 + %284 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %287 = vector.load %arg4[%264, %88] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %288 = amdgpu.mfma 32x32x8 %287 * %89 + %286 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %289 = vector.load %arg4[%264, %90] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %290 = amdgpu.mfma 32x32x8 %289 * %91 + %288 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %291 = vector.load %arg4[%264, %92] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %292 = amdgpu.mfma 32x32x8 %291 * %93 + %290 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %293 = vector.load %arg4[%264, %94] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %294 = amdgpu.mfma 32x32x8 %293 * %95 + %292 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %295 = vector.load %arg4[%264, %96] : memref<64x132xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %296 = amdgpu.mfma 32x32x8 %295 * %97 + %294 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %297 = vector.reduction <maxnumf>, %263 : vector<16xf32> into f32
        %298 = vector.reduction <maxnumf>, %296 : vector<16xf32> into f32
        %299 = arith.maxnumf %297, %298 : f32
        %shuffleResult, %valid = gpu.shuffle  xor %299, %c32_i32, %c64_i32 : f32
        %300 = arith.maxnumf %299, %shuffleResult : f32
        %301 = arith.mulf %300, %cst_1 : f32
        %302 = arith.maxnumf %arg11, %301 : f32
        %303 = arith.cmpf oeq, %302, %cst_5 : f32
        %304 = arith.select %303, %cst_4, %302 : f32
        %305 = arith.negf %304 : f32
        %306 = vector.broadcast %305 : f32 to vector<16xf32>
        %307 = math.fma %263, %cst_0, %306 : vector<16xf32>
        %308 = math.exp2 %307 : vector<16xf32>
        %309 = math.fma %296, %cst_0, %306 : vector<16xf32>
        %310 = math.exp2 %309 : vector<16xf32>
        %311 = arith.subf %arg11, %304 : f32
        %312 = math.exp2 %311 : f32
        %313 = vector.reduction <add>, %308 : vector<16xf32> into f32
        %314 = vector.reduction <add>, %310 : vector<16xf32> into f32
        %315 = arith.addf %313, %314 : f32
        %shuffleResult_19, %valid_20 = gpu.shuffle  xor %315, %c32_i32, %c64_i32 : f32
        %316 = arith.addf %315, %shuffleResult_19 : f32
        %317 = arith.mulf %arg12, %312 : f32
        %318 = arith.addf %317, %316 : f32
        %319 = vector.broadcast %312 : f32 to vector<16xf32>
        %320 = arith.mulf %arg7, %319 : vector<16xf32>
        %321 = arith.mulf %arg8, %319 : vector<16xf32>
        %322 = arith.mulf %arg9, %319 : vector<16xf32>
        %323 = arith.mulf %arg10, %319 : vector<16xf32>
        %324 = arith.truncf %308 : vector<16xf32> to vector<16xbf16>
        %325 = vector.shuffle %324, %324 [0, 1, 2, 3] : vector<16xbf16>, vector<16xbf16>
        %326 = vector.load %arg5[%3, %66] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %327 = amdgpu.mfma 32x32x8 %326 * %325 + %320 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %328 = vector.load %arg5[%264, %66] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %329 = amdgpu.mfma 32x32x8 %328 * %325 + %321 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %330 = arith.addi %3, %c64 : index
        %331 = vector.load %arg5[%330, %66] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %332 = amdgpu.mfma 32x32x8 %331 * %325 + %322 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %333 = arith.addi %3, %c96 : index
        %334 = vector.load %arg5[%333, %66] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %335 = amdgpu.mfma 32x32x8 %334 * %325 + %323 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %336 = vector.shuffle %324, %324 [4, 5, 6, 7] : vector<16xbf16>, vector<16xbf16>
        %337 = vector.load %arg5[%3, %68] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %338 = amdgpu.mfma 32x32x8 %337 * %336 + %327 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %339 = vector.load %arg5[%264, %68] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %340 = amdgpu.mfma 32x32x8 %339 * %336 + %329 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %341 = vector.load %arg5[%330, %68] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %342 = amdgpu.mfma 32x32x8 %341 * %336 + %332 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %343 = vector.load %arg5[%333, %68] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %344 = amdgpu.mfma 32x32x8 %343 * %336 + %335 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %345 = vector.shuffle %324, %324 [8, 9, 10, 11] : vector<16xbf16>, vector<16xbf16>
        %346 = vector.load %arg5[%3, %70] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %347 = amdgpu.mfma 32x32x8 %346 * %345 + %338 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %348 = vector.load %arg5[%264, %70] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %349 = amdgpu.mfma 32x32x8 %348 * %345 + %340 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %350 = vector.load %arg5[%330, %70] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %351 = amdgpu.mfma 32x32x8 %350 * %345 + %342 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %352 = vector.load %arg5[%333, %70] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %353 = amdgpu.mfma 32x32x8 %352 * %345 + %344 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %354 = vector.shuffle %324, %324 [12, 13, 14, 15] : vector<16xbf16>, vector<16xbf16>
        %355 = vector.load %arg5[%3, %72] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %356 = amdgpu.mfma 32x32x8 %355 * %354 + %347 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %357 = vector.load %arg5[%264, %72] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %358 = amdgpu.mfma 32x32x8 %357 * %354 + %349 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %359 = vector.load %arg5[%330, %72] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %360 = amdgpu.mfma 32x32x8 %359 * %354 + %351 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %361 = vector.load %arg5[%333, %72] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %362 = amdgpu.mfma 32x32x8 %361 * %354 + %353 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %363 = arith.truncf %310 : vector<16xf32> to vector<16xbf16>
        %364 = vector.shuffle %363, %363 [0, 1, 2, 3] : vector<16xbf16>, vector<16xbf16>
        %365 = vector.load %arg5[%3, %74] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %366 = amdgpu.mfma 32x32x8 %365 * %364 + %356 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %367 = vector.load %arg5[%264, %74] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %368 = amdgpu.mfma 32x32x8 %367 * %364 + %358 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %369 = vector.load %arg5[%330, %74] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %370 = amdgpu.mfma 32x32x8 %369 * %364 + %360 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %371 = vector.load %arg5[%333, %74] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %372 = amdgpu.mfma 32x32x8 %371 * %364 + %362 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %373 = vector.shuffle %363, %363 [4, 5, 6, 7] : vector<16xbf16>, vector<16xbf16>
        %374 = vector.load %arg5[%3, %76] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %375 = amdgpu.mfma 32x32x8 %374 * %373 + %366 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %376 = vector.load %arg5[%264, %76] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %377 = amdgpu.mfma 32x32x8 %376 * %373 + %368 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %378 = vector.load %arg5[%330, %76] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %379 = amdgpu.mfma 32x32x8 %378 * %373 + %370 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %380 = vector.load %arg5[%333, %76] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %381 = amdgpu.mfma 32x32x8 %380 * %373 + %372 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %382 = vector.shuffle %363, %363 [8, 9, 10, 11] : vector<16xbf16>, vector<16xbf16>
        %383 = vector.load %arg5[%3, %78] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %384 = amdgpu.mfma 32x32x8 %383 * %382 + %375 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %385 = vector.load %arg5[%264, %78] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %386 = amdgpu.mfma 32x32x8 %385 * %382 + %377 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %387 = vector.load %arg5[%330, %78] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %388 = amdgpu.mfma 32x32x8 %387 * %382 + %379 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %389 = vector.load %arg5[%333, %78] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %390 = amdgpu.mfma 32x32x8 %389 * %382 + %381 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %391 = vector.shuffle %363, %363 [12, 13, 14, 15] : vector<16xbf16>, vector<16xbf16>
        %392 = vector.load %arg5[%3, %80] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %393 = amdgpu.mfma 32x32x8 %392 * %391 + %384 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %394 = vector.load %arg5[%264, %80] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %395 = amdgpu.mfma 32x32x8 %394 * %391 + %386 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %396 = vector.load %arg5[%330, %80] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %397 = amdgpu.mfma 32x32x8 %396 * %391 + %388 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %398 = vector.load %arg5[%333, %80] : memref<128x68xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
        %399 = amdgpu.mfma 32x32x8 %398 * %391 + %390 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        scf.yield %393, %395, %397, %399, %302, %318, %221, %223, %225, %227, %228, %229, %230, %231 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, f32, f32, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>
      }
      %142 = arith.cmpf oeq, %141#5, %cst_4 : f32
      %143 = arith.divf %cst, %141#5 : f32
      %144 = arith.select %142, %cst_4, %143 : f32
      %145 = vector.broadcast %144 : f32 to vector<16xf32>
      %146 = arith.cmpi ult, %11, %dim_9 : index
      scf.if %146 {
        %147 = arith.mulf %141#0, %145 : vector<16xf32>
        %148 = arith.truncf %147 : vector<16xf32> to vector<16xbf16>
        %149 = vector.shuffle %148, %148 [0, 1, 2, 3] : vector<16xbf16>, vector<16xbf16>
        vector.store %149, %arg3[%4, %11, %5, %66] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %150 = vector.shuffle %148, %148 [4, 5, 6, 7] : vector<16xbf16>, vector<16xbf16>
        vector.store %150, %arg3[%4, %11, %5, %68] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %151 = vector.shuffle %148, %148 [8, 9, 10, 11] : vector<16xbf16>, vector<16xbf16>
        vector.store %151, %arg3[%4, %11, %5, %70] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %152 = vector.shuffle %148, %148 [12, 13, 14, 15] : vector<16xbf16>, vector<16xbf16>
        vector.store %152, %arg3[%4, %11, %5, %72] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %153 = arith.mulf %141#1, %145 : vector<16xf32>
        %154 = arith.truncf %153 : vector<16xf32> to vector<16xbf16>
        %155 = vector.shuffle %154, %154 [0, 1, 2, 3] : vector<16xbf16>, vector<16xbf16>
        vector.store %155, %arg3[%4, %11, %5, %74] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %156 = vector.shuffle %154, %154 [4, 5, 6, 7] : vector<16xbf16>, vector<16xbf16>
        vector.store %156, %arg3[%4, %11, %5, %76] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %157 = vector.shuffle %154, %154 [8, 9, 10, 11] : vector<16xbf16>, vector<16xbf16>
        vector.store %157, %arg3[%4, %11, %5, %78] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %158 = vector.shuffle %154, %154 [12, 13, 14, 15] : vector<16xbf16>, vector<16xbf16>
        vector.store %158, %arg3[%4, %11, %5, %80] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %159 = arith.mulf %141#2, %145 : vector<16xf32>
        %160 = arith.truncf %159 : vector<16xf32> to vector<16xbf16>
        %161 = vector.shuffle %160, %160 [0, 1, 2, 3] : vector<16xbf16>, vector<16xbf16>
        vector.store %161, %arg3[%4, %11, %5, %82] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %162 = vector.shuffle %160, %160 [4, 5, 6, 7] : vector<16xbf16>, vector<16xbf16>
        vector.store %162, %arg3[%4, %11, %5, %84] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %163 = vector.shuffle %160, %160 [8, 9, 10, 11] : vector<16xbf16>, vector<16xbf16>
        vector.store %163, %arg3[%4, %11, %5, %86] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %164 = vector.shuffle %160, %160 [12, 13, 14, 15] : vector<16xbf16>, vector<16xbf16>
        vector.store %164, %arg3[%4, %11, %5, %88] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %165 = arith.mulf %141#3, %145 : vector<16xf32>
        %166 = arith.truncf %165 : vector<16xf32> to vector<16xbf16>
        %167 = vector.shuffle %166, %166 [0, 1, 2, 3] : vector<16xbf16>, vector<16xbf16>
        vector.store %167, %arg3[%4, %11, %5, %90] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %168 = vector.shuffle %166, %166 [4, 5, 6, 7] : vector<16xbf16>, vector<16xbf16>
        vector.store %168, %arg3[%4, %11, %5, %92] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %169 = vector.shuffle %166, %166 [8, 9, 10, 11] : vector<16xbf16>, vector<16xbf16>
        vector.store %169, %arg3[%4, %11, %5, %94] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
        %170 = vector.shuffle %166, %166 [12, 13, 14, 15] : vector<16xbf16>, vector<16xbf16>
        vector.store %170, %arg3[%4, %11, %5, %96] : memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, vector<4xbf16>
      }
      gpu.return
    }
  }
}
