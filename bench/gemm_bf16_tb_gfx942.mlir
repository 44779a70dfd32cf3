// The shipped bf16 GEMM (C = A * B^T, bf16 out) for gfx942, layer 4, for the
// emulator benchmark. Regenerate (then restore this header) with:
//   aiter-compile --op=gemm --chip=gfx942 --dtype=bf16 --trans-b --emit=gpu
// Launch for M = N = K = 512: --grid=4,4,1 --block=256,1,1.

module {
  gpu.module @gemm_bf16_bf16_tb [#rocdl.target<O = 3, chip = "gfx942">] {
    gpu.func @gemm_bf16_bf16_tb(%arg0: memref<?x?xbf16, strided<[?, 1]>>, %arg1: memref<?x?xbf16, strided<[?, 1]>>, %arg2: memref<?x?xbf16, strided<[?, 1]>>) workgroup(%arg3 : memref<8192xbf16, #gpu.address_space<workgroup>>, %arg4 : memref<8192xbf16, #gpu.address_space<workgroup>>) kernel attributes {aiter.config = {mfma = "32x32x8", stages = 2 : i64, tile_k = 64 : i64, tile_m = 128 : i64, tile_n = 128 : i64, waves = 4 : i64}, aiter.variant = "aligned", known_block_size = array<i32: 256, 1, 1>} {
      %c27 = arith.constant 27 : index
      %c26 = arith.constant 26 : index
      %c25 = arith.constant 25 : index
      %c24 = arith.constant 24 : index
      %c19 = arith.constant 19 : index
      %c18 = arith.constant 18 : index
      %c17 = arith.constant 17 : index
      %c16 = arith.constant 16 : index
      %c11 = arith.constant 11 : index
      %c10 = arith.constant 10 : index
      %c9 = arith.constant 9 : index
      %c32 = arith.constant 32 : index
      %c768 = arith.constant 768 : index
      %c512 = arith.constant 512 : index
      %c256 = arith.constant 256 : index
      %c7 = arith.constant 7 : index
      %c6 = arith.constant 6 : index
      %c5 = arith.constant 5 : index
      %c4 = arith.constant 4 : index
      %c3 = arith.constant 3 : index
      %cst = arith.constant 0.000000e+00 : bf16
      %c8 = arith.constant 8 : index
      %c63 = arith.constant 63 : index
      %cst_0 = arith.constant dense<0.000000e+00> : vector<16xf32>
      %c128 = arith.constant 128 : index
      %c1 = arith.constant 1 : index
      %c0 = arith.constant 0 : index
      %c2 = arith.constant 2 : index
      %c64 = arith.constant 64 : index
      %thread_id_x = gpu.thread_id  x
      %0 = arith.remui %thread_id_x, %c64 : index
      %1 = arith.divui %thread_id_x, %c64 : index
      %2 = arith.divui %1, %c2 : index
      %3 = arith.remui %1, %c2 : index
      %dim = memref.dim %arg0, %c0 : memref<?x?xbf16, strided<[?, 1]>>
      %dim_1 = memref.dim %arg0, %c1 : memref<?x?xbf16, strided<[?, 1]>>
      %dim_2 = memref.dim %arg1, %c0 : memref<?x?xbf16, strided<[?, 1]>>
      %base_buffer, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %arg0 : memref<?x?xbf16, strided<[?, 1]>> -> memref<bf16>, index, index, index, index, index
      %4 = arith.cmpi eq, %sizes#0, %c0 : index
      %5 = arith.subi %sizes#0, %c1 : index
      %6 = arith.muli %5, %strides#0 : index
      %7 = arith.cmpi eq, %sizes#1, %c0 : index
      %8 = arith.ori %4, %7 : i1
      %9 = arith.subi %sizes#1, %c1 : index
      %10 = arith.addi %6, %9 : index
      %11 = arith.addi %10, %c1 : index
      %12 = arith.muli %11, %c2 : index
      %13 = arith.select %8, %c0, %12 : index
      %14 = arith.index_cast %13 : index to i64
      %15 = amdgpu.fat_raw_buffer_cast %arg0 validBytes(%14) : memref<?x?xbf16, strided<[?, 1]>> to memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>
      %block_id_x = gpu.block_id  x
      %16 = arith.muli %block_id_x, %c128 : index
      %17 = arith.muli %2, %c64 : index
      %base_buffer_3, %offset_4, %sizes_5:2, %strides_6:2 = memref.extract_strided_metadata %arg1 : memref<?x?xbf16, strided<[?, 1]>> -> memref<bf16>, index, index, index, index, index
      %18 = arith.cmpi eq, %sizes_5#0, %c0 : index
      %19 = arith.subi %sizes_5#0, %c1 : index
      %20 = arith.muli %19, %strides_6#0 : index
      %21 = arith.cmpi eq, %sizes_5#1, %c0 : index
      %22 = arith.ori %18, %21 : i1
      %23 = arith.subi %sizes_5#1, %c1 : index
      %24 = arith.addi %20, %23 : index
      %25 = arith.addi %24, %c1 : index
      %26 = arith.muli %25, %c2 : index
      %27 = arith.select %22, %c0, %26 : index
      %28 = arith.index_cast %27 : index to i64
      %29 = amdgpu.fat_raw_buffer_cast %arg1 validBytes(%28) : memref<?x?xbf16, strided<[?, 1]>> to memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>
      %block_id_y = gpu.block_id  y
      %30 = arith.muli %block_id_y, %c128 : index
      %31 = arith.muli %3, %c64 : index
      %32 = arith.divui %dim_1, %c64 : index
      %33 = arith.addi %dim_1, %c63 : index
      %34 = arith.divui %33, %c64 : index
      %35 = arith.subi %34, %32 : index
      %36 = arith.muli %32, %c64 : index
      %37 = arith.muli %35, %36 : index
      %38 = arith.divui %thread_id_x, %c8 : index
      %39 = arith.remui %thread_id_x, %c8 : index
      %40 = arith.muli %39, %c8 : index
      %41 = arith.addi %16, %38 : index
      %42 = arith.addi %37, %40 : index
      %43 = vector.load %15[%41, %42] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %44 = vector.extract %43[0] : bf16 from vector<8xbf16>
      %45 = arith.cmpi ult, %42, %dim_1 : index
      %46 = arith.select %45, %44, %cst : bf16
      %47 = arith.addi %42, %c1 : index
      %48 = vector.extract %43[1] : bf16 from vector<8xbf16>
      %49 = arith.cmpi ult, %47, %dim_1 : index
      %50 = arith.select %49, %48, %cst : bf16
      %51 = arith.addi %42, %c2 : index
      %52 = vector.extract %43[2] : bf16 from vector<8xbf16>
      %53 = arith.cmpi ult, %51, %dim_1 : index
      %54 = arith.select %53, %52, %cst : bf16
      %55 = arith.addi %42, %c3 : index
      %56 = vector.extract %43[3] : bf16 from vector<8xbf16>
      %57 = arith.cmpi ult, %55, %dim_1 : index
      %58 = arith.select %57, %56, %cst : bf16
      %59 = arith.addi %42, %c4 : index
      %60 = vector.extract %43[4] : bf16 from vector<8xbf16>
      %61 = arith.cmpi ult, %59, %dim_1 : index
      %62 = arith.select %61, %60, %cst : bf16
      %63 = arith.addi %42, %c5 : index
      %64 = vector.extract %43[5] : bf16 from vector<8xbf16>
      %65 = arith.cmpi ult, %63, %dim_1 : index
      %66 = arith.select %65, %64, %cst : bf16
      %67 = arith.addi %42, %c6 : index
      %68 = vector.extract %43[6] : bf16 from vector<8xbf16>
      %69 = arith.cmpi ult, %67, %dim_1 : index
      %70 = arith.select %69, %68, %cst : bf16
      %71 = arith.addi %42, %c7 : index
      %72 = vector.extract %43[7] : bf16 from vector<8xbf16>
      %73 = arith.cmpi ult, %71, %dim_1 : index
      %74 = arith.select %73, %72, %cst : bf16
      %75 = vector.from_elements %46, %50, %54, %58, %62, %66, %70, %74 : vector<8xbf16>
      %76 = arith.addi %thread_id_x, %c256 : index
      %77 = arith.divui %76, %c8 : index
      %78 = arith.remui %76, %c8 : index
      %79 = arith.muli %78, %c8 : index
      %80 = arith.addi %16, %77 : index
      %81 = arith.addi %37, %79 : index
      %82 = vector.load %15[%80, %81] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %83 = vector.extract %82[0] : bf16 from vector<8xbf16>
      %84 = arith.cmpi ult, %81, %dim_1 : index
      %85 = arith.select %84, %83, %cst : bf16
      %86 = arith.addi %81, %c1 : index
      %87 = vector.extract %82[1] : bf16 from vector<8xbf16>
      %88 = arith.cmpi ult, %86, %dim_1 : index
      %89 = arith.select %88, %87, %cst : bf16
      %90 = arith.addi %81, %c2 : index
      %91 = vector.extract %82[2] : bf16 from vector<8xbf16>
      %92 = arith.cmpi ult, %90, %dim_1 : index
      %93 = arith.select %92, %91, %cst : bf16
      %94 = arith.addi %81, %c3 : index
      %95 = vector.extract %82[3] : bf16 from vector<8xbf16>
      %96 = arith.cmpi ult, %94, %dim_1 : index
      %97 = arith.select %96, %95, %cst : bf16
      %98 = arith.addi %81, %c4 : index
      %99 = vector.extract %82[4] : bf16 from vector<8xbf16>
      %100 = arith.cmpi ult, %98, %dim_1 : index
      %101 = arith.select %100, %99, %cst : bf16
      %102 = arith.addi %81, %c5 : index
      %103 = vector.extract %82[5] : bf16 from vector<8xbf16>
      %104 = arith.cmpi ult, %102, %dim_1 : index
      %105 = arith.select %104, %103, %cst : bf16
      %106 = arith.addi %81, %c6 : index
      %107 = vector.extract %82[6] : bf16 from vector<8xbf16>
      %108 = arith.cmpi ult, %106, %dim_1 : index
      %109 = arith.select %108, %107, %cst : bf16
      %110 = arith.addi %81, %c7 : index
      %111 = vector.extract %82[7] : bf16 from vector<8xbf16>
      %112 = arith.cmpi ult, %110, %dim_1 : index
      %113 = arith.select %112, %111, %cst : bf16
      %114 = vector.from_elements %85, %89, %93, %97, %101, %105, %109, %113 : vector<8xbf16>
      %115 = arith.addi %thread_id_x, %c512 : index
      %116 = arith.divui %115, %c8 : index
      %117 = arith.remui %115, %c8 : index
      %118 = arith.muli %117, %c8 : index
      %119 = arith.addi %16, %116 : index
      %120 = arith.addi %37, %118 : index
      %121 = vector.load %15[%119, %120] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %122 = vector.extract %121[0] : bf16 from vector<8xbf16>
      %123 = arith.cmpi ult, %120, %dim_1 : index
      %124 = arith.select %123, %122, %cst : bf16
      %125 = arith.addi %120, %c1 : index
      %126 = vector.extract %121[1] : bf16 from vector<8xbf16>
      %127 = arith.cmpi ult, %125, %dim_1 : index
      %128 = arith.select %127, %126, %cst : bf16
      %129 = arith.addi %120, %c2 : index
      %130 = vector.extract %121[2] : bf16 from vector<8xbf16>
      %131 = arith.cmpi ult, %129, %dim_1 : index
      %132 = arith.select %131, %130, %cst : bf16
      %133 = arith.addi %120, %c3 : index
      %134 = vector.extract %121[3] : bf16 from vector<8xbf16>
      %135 = arith.cmpi ult, %133, %dim_1 : index
      %136 = arith.select %135, %134, %cst : bf16
      %137 = arith.addi %120, %c4 : index
      %138 = vector.extract %121[4] : bf16 from vector<8xbf16>
      %139 = arith.cmpi ult, %137, %dim_1 : index
      %140 = arith.select %139, %138, %cst : bf16
      %141 = arith.addi %120, %c5 : index
      %142 = vector.extract %121[5] : bf16 from vector<8xbf16>
      %143 = arith.cmpi ult, %141, %dim_1 : index
      %144 = arith.select %143, %142, %cst : bf16
      %145 = arith.addi %120, %c6 : index
      %146 = vector.extract %121[6] : bf16 from vector<8xbf16>
      %147 = arith.cmpi ult, %145, %dim_1 : index
      %148 = arith.select %147, %146, %cst : bf16
      %149 = arith.addi %120, %c7 : index
      %150 = vector.extract %121[7] : bf16 from vector<8xbf16>
      %151 = arith.cmpi ult, %149, %dim_1 : index
      %152 = arith.select %151, %150, %cst : bf16
      %153 = vector.from_elements %124, %128, %132, %136, %140, %144, %148, %152 : vector<8xbf16>
      %154 = arith.addi %thread_id_x, %c768 : index
      %155 = arith.divui %154, %c8 : index
      %156 = arith.remui %154, %c8 : index
      %157 = arith.muli %156, %c8 : index
      %158 = arith.addi %16, %155 : index
      %159 = arith.addi %37, %157 : index
      %160 = vector.load %15[%158, %159] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %161 = vector.extract %160[0] : bf16 from vector<8xbf16>
      %162 = arith.cmpi ult, %159, %dim_1 : index
      %163 = arith.select %162, %161, %cst : bf16
      %164 = arith.addi %159, %c1 : index
      %165 = vector.extract %160[1] : bf16 from vector<8xbf16>
      %166 = arith.cmpi ult, %164, %dim_1 : index
      %167 = arith.select %166, %165, %cst : bf16
      %168 = arith.addi %159, %c2 : index
      %169 = vector.extract %160[2] : bf16 from vector<8xbf16>
      %170 = arith.cmpi ult, %168, %dim_1 : index
      %171 = arith.select %170, %169, %cst : bf16
      %172 = arith.addi %159, %c3 : index
      %173 = vector.extract %160[3] : bf16 from vector<8xbf16>
      %174 = arith.cmpi ult, %172, %dim_1 : index
      %175 = arith.select %174, %173, %cst : bf16
      %176 = arith.addi %159, %c4 : index
      %177 = vector.extract %160[4] : bf16 from vector<8xbf16>
      %178 = arith.cmpi ult, %176, %dim_1 : index
      %179 = arith.select %178, %177, %cst : bf16
      %180 = arith.addi %159, %c5 : index
      %181 = vector.extract %160[5] : bf16 from vector<8xbf16>
      %182 = arith.cmpi ult, %180, %dim_1 : index
      %183 = arith.select %182, %181, %cst : bf16
      %184 = arith.addi %159, %c6 : index
      %185 = vector.extract %160[6] : bf16 from vector<8xbf16>
      %186 = arith.cmpi ult, %184, %dim_1 : index
      %187 = arith.select %186, %185, %cst : bf16
      %188 = arith.addi %159, %c7 : index
      %189 = vector.extract %160[7] : bf16 from vector<8xbf16>
      %190 = arith.cmpi ult, %188, %dim_1 : index
      %191 = arith.select %190, %189, %cst : bf16
      %192 = vector.from_elements %163, %167, %171, %175, %179, %183, %187, %191 : vector<8xbf16>
      %193 = arith.addi %30, %38 : index
      %194 = vector.load %29[%193, %42] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %195 = vector.extract %194[0] : bf16 from vector<8xbf16>
      %196 = arith.select %45, %195, %cst : bf16
      %197 = vector.extract %194[1] : bf16 from vector<8xbf16>
      %198 = arith.select %49, %197, %cst : bf16
      %199 = vector.extract %194[2] : bf16 from vector<8xbf16>
      %200 = arith.select %53, %199, %cst : bf16
      %201 = vector.extract %194[3] : bf16 from vector<8xbf16>
      %202 = arith.select %57, %201, %cst : bf16
      %203 = vector.extract %194[4] : bf16 from vector<8xbf16>
      %204 = arith.select %61, %203, %cst : bf16
      %205 = vector.extract %194[5] : bf16 from vector<8xbf16>
      %206 = arith.select %65, %205, %cst : bf16
      %207 = vector.extract %194[6] : bf16 from vector<8xbf16>
      %208 = arith.select %69, %207, %cst : bf16
      %209 = vector.extract %194[7] : bf16 from vector<8xbf16>
      %210 = arith.select %73, %209, %cst : bf16
      %211 = vector.from_elements %196, %198, %200, %202, %204, %206, %208, %210 : vector<8xbf16>
      %212 = arith.addi %30, %77 : index
      %213 = vector.load %29[%212, %81] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %214 = vector.extract %213[0] : bf16 from vector<8xbf16>
      %215 = arith.select %84, %214, %cst : bf16
      %216 = vector.extract %213[1] : bf16 from vector<8xbf16>
      %217 = arith.select %88, %216, %cst : bf16
      %218 = vector.extract %213[2] : bf16 from vector<8xbf16>
      %219 = arith.select %92, %218, %cst : bf16
      %220 = vector.extract %213[3] : bf16 from vector<8xbf16>
      %221 = arith.select %96, %220, %cst : bf16
      %222 = vector.extract %213[4] : bf16 from vector<8xbf16>
      %223 = arith.select %100, %222, %cst : bf16
      %224 = vector.extract %213[5] : bf16 from vector<8xbf16>
      %225 = arith.select %104, %224, %cst : bf16
      %226 = vector.extract %213[6] : bf16 from vector<8xbf16>
      %227 = arith.select %108, %226, %cst : bf16
      %228 = vector.extract %213[7] : bf16 from vector<8xbf16>
      %229 = arith.select %112, %228, %cst : bf16
      %230 = vector.from_elements %215, %217, %219, %221, %223, %225, %227, %229 : vector<8xbf16>
      %231 = arith.addi %30, %116 : index
      %232 = vector.load %29[%231, %120] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %233 = vector.extract %232[0] : bf16 from vector<8xbf16>
      %234 = arith.select %123, %233, %cst : bf16
      %235 = vector.extract %232[1] : bf16 from vector<8xbf16>
      %236 = arith.select %127, %235, %cst : bf16
      %237 = vector.extract %232[2] : bf16 from vector<8xbf16>
      %238 = arith.select %131, %237, %cst : bf16
      %239 = vector.extract %232[3] : bf16 from vector<8xbf16>
      %240 = arith.select %135, %239, %cst : bf16
      %241 = vector.extract %232[4] : bf16 from vector<8xbf16>
      %242 = arith.select %139, %241, %cst : bf16
      %243 = vector.extract %232[5] : bf16 from vector<8xbf16>
      %244 = arith.select %143, %243, %cst : bf16
      %245 = vector.extract %232[6] : bf16 from vector<8xbf16>
      %246 = arith.select %147, %245, %cst : bf16
      %247 = vector.extract %232[7] : bf16 from vector<8xbf16>
      %248 = arith.select %151, %247, %cst : bf16
      %249 = vector.from_elements %234, %236, %238, %240, %242, %244, %246, %248 : vector<8xbf16>
      %250 = arith.addi %30, %155 : index
      %251 = vector.load %29[%250, %159] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
      %252 = vector.extract %251[0] : bf16 from vector<8xbf16>
      %253 = arith.select %162, %252, %cst : bf16
      %254 = vector.extract %251[1] : bf16 from vector<8xbf16>
      %255 = arith.select %166, %254, %cst : bf16
      %256 = vector.extract %251[2] : bf16 from vector<8xbf16>
      %257 = arith.select %170, %256, %cst : bf16
      %258 = vector.extract %251[3] : bf16 from vector<8xbf16>
      %259 = arith.select %174, %258, %cst : bf16
      %260 = vector.extract %251[4] : bf16 from vector<8xbf16>
      %261 = arith.select %178, %260, %cst : bf16
      %262 = vector.extract %251[5] : bf16 from vector<8xbf16>
      %263 = arith.select %182, %262, %cst : bf16
      %264 = vector.extract %251[6] : bf16 from vector<8xbf16>
      %265 = arith.select %186, %264, %cst : bf16
      %266 = vector.extract %251[7] : bf16 from vector<8xbf16>
      %267 = arith.select %190, %266, %cst : bf16
      %268 = vector.from_elements %253, %255, %257, %259, %261, %263, %265, %267 : vector<8xbf16>
      %269 = arith.subi %c1, %35 : index
      %270:12 = scf.for %arg5 = %c0 to %34 step %c1 iter_args(%arg6 = %cst_0, %arg7 = %cst_0, %arg8 = %cst_0, %arg9 = %cst_0, %arg10 = %75, %arg11 = %114, %arg12 = %153, %arg13 = %192, %arg14 = %211, %arg15 = %230, %arg16 = %249, %arg17 = %268) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>) {
        amdgpu.lds_barrier
        amdgpu.memory_counter_wait load(0)
        %636 = arith.muli %38, %c8 : index
        %637 = arith.divui %40, %c8 : index
        %638 = arith.addi %636, %637 : index
        %639 = arith.shrui %38, %c3 : index
        %640 = arith.andi %639, %c7 : index
        %641 = arith.xori %638, %640 : index
        %642 = arith.muli %641, %c8 : index
        %643 = arith.remui %40, %c8 : index
        %644 = arith.addi %642, %643 : index
        vector.store %arg10, %arg3[%644] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %645 = arith.addi %38, %c32 : index
        %646 = arith.muli %645, %c8 : index
        %647 = arith.addi %646, %637 : index
        %648 = arith.shrui %645, %c3 : index
        %649 = arith.andi %648, %c7 : index
        %650 = arith.xori %647, %649 : index
        %651 = arith.muli %650, %c8 : index
        %652 = arith.addi %651, %643 : index
        vector.store %arg11, %arg3[%652] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %reinterpret_cast = memref.reinterpret_cast %arg3 to offset: [4096], sizes: [4096], strides: [1] : memref<8192xbf16, #gpu.address_space<workgroup>> to memref<4096xbf16, strided<[1], offset: 4096>, #gpu.address_space<workgroup>>
        vector.store %arg12, %reinterpret_cast[%644] {alignment = 16 : i64} : memref<4096xbf16, strided<[1], offset: 4096>, #gpu.address_space<workgroup>>, vector<8xbf16>
        vector.store %arg13, %reinterpret_cast[%652] {alignment = 16 : i64} : memref<4096xbf16, strided<[1], offset: 4096>, #gpu.address_space<workgroup>>, vector<8xbf16>
        vector.store %arg14, %arg4[%644] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        vector.store %arg15, %arg4[%652] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %reinterpret_cast_7 = memref.reinterpret_cast %arg4 to offset: [4096], sizes: [4096], strides: [1] : memref<8192xbf16, #gpu.address_space<workgroup>> to memref<4096xbf16, strided<[1], offset: 4096>, #gpu.address_space<workgroup>>
        vector.store %arg16, %reinterpret_cast_7[%644] {alignment = 16 : i64} : memref<4096xbf16, strided<[1], offset: 4096>, #gpu.address_space<workgroup>>, vector<8xbf16>
        vector.store %arg17, %reinterpret_cast_7[%652] {alignment = 16 : i64} : memref<4096xbf16, strided<[1], offset: 4096>, #gpu.address_space<workgroup>>, vector<8xbf16>
        %653 = arith.addi %arg5, %269 : index
        %654 = arith.muli %653, %c64 : index
        %655 = arith.addi %654, %40 : index
        %656 = vector.load %15[%41, %655] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %657 = arith.addi %654, %79 : index
        %658 = vector.load %15[%80, %657] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %659 = arith.addi %654, %118 : index
        %660 = vector.load %15[%119, %659] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %661 = arith.addi %654, %157 : index
        %662 = vector.load %15[%158, %661] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %663 = vector.load %29[%193, %655] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %664 = vector.load %29[%212, %657] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %665 = vector.load %29[%231, %659] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        %666 = vector.load %29[%250, %661] {alignment = 16 : i64} : memref<?x?xbf16, strided<[?, 1]>, #amdgpu.address_space<fat_raw_buffer>>, vector<8xbf16>
        rocdl.sched.group.barrier 512, 8, 0
        rocdl.sched.group.barrier 32, 8, 0
        amdgpu.lds_barrier
        %667 = arith.remui %0, %c32 : index
        %668 = arith.divui %0, %c32 : index
        %669 = arith.remui %667, %c8 : index
        %670 = arith.muli %669, %c8 : index
        %671 = arith.divui %667, %c8 : index
        %672 = arith.addi %670, %671 : index
        %673 = arith.muli %668, %c8 : index
        %674 = arith.addi %17, %672 : index
        %675 = arith.muli %674, %c8 : index
        %676 = arith.divui %673, %c8 : index
        %677 = arith.addi %675, %676 : index
        %678 = arith.shrui %672, %c3 : index
        %679 = arith.andi %678, %c7 : index
        %680 = arith.xori %677, %679 : index
        %681 = arith.muli %680, %c8 : index
        %682 = arith.remui %673, %c8 : index
        %683 = arith.addi %681, %682 : index
        %reinterpret_cast_8 = memref.reinterpret_cast %arg3 to offset: [256], sizes: [7936], strides: [1] : memref<8192xbf16, #gpu.address_space<workgroup>> to memref<7936xbf16, strided<[1], offset: 256>, #gpu.address_space<workgroup>>
        %684 = vector.load %reinterpret_cast_8[%683] {alignment = 16 : i64} : memref<7936xbf16, strided<[1], offset: 256>, #gpu.address_space<workgroup>>, vector<8xbf16>
        %685 = arith.addi %31, %672 : index
        %686 = arith.muli %685, %c8 : index
        %687 = arith.addi %686, %676 : index
        %688 = arith.xori %687, %679 : index
        %689 = arith.muli %688, %c8 : index
        %690 = arith.addi %689, %682 : index
        %reinterpret_cast_9 = memref.reinterpret_cast %arg4 to offset: [256], sizes: [7936], strides: [1] : memref<8192xbf16, #gpu.address_space<workgroup>> to memref<7936xbf16, strided<[1], offset: 256>, #gpu.address_space<workgroup>>
        %691 = vector.load %reinterpret_cast_9[%690] {alignment = 16 : i64} : memref<7936xbf16, strided<[1], offset: 256>, #gpu.address_space<workgroup>>, vector<8xbf16>
        %692 = vector.load %arg3[%683] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %693 = vector.load %arg4[%690] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %694 = arith.addi %668, %c2 : index
        %695 = arith.muli %694, %c8 : index
        %696 = arith.divui %695, %c8 : index
        %697 = arith.addi %675, %696 : index
        %698 = arith.xori %697, %679 : index
        %699 = arith.muli %698, %c8 : index
        %700 = arith.remui %695, %c8 : index
        %701 = arith.addi %699, %700 : index
        %702 = vector.load %reinterpret_cast_8[%701] {alignment = 16 : i64} : memref<7936xbf16, strided<[1], offset: 256>, #gpu.address_space<workgroup>>, vector<8xbf16>
        %703 = arith.addi %686, %696 : index
        %704 = arith.xori %703, %679 : index
        %705 = arith.muli %704, %c8 : index
        %706 = arith.addi %705, %700 : index
        %707 = vector.load %reinterpret_cast_9[%706] {alignment = 16 : i64} : memref<7936xbf16, strided<[1], offset: 256>, #gpu.address_space<workgroup>>, vector<8xbf16>
        %708 = vector.load %arg3[%701] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %709 = vector.load %arg4[%706] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %710 = vector.extract %692[0] : bf16 from vector<8xbf16>
        %711 = vector.extract %692[1] : bf16 from vector<8xbf16>
        %712 = vector.extract %692[2] : bf16 from vector<8xbf16>
        %713 = vector.extract %692[3] : bf16 from vector<8xbf16>
        %714 = vector.from_elements %710, %711, %712, %713 : vector<4xbf16>
        %715 = vector.extract %684[0] : bf16 from vector<8xbf16>
        %716 = vector.extract %684[1] : bf16 from vector<8xbf16>
        %717 = vector.extract %684[2] : bf16 from vector<8xbf16>
        %718 = vector.extract %684[3] : bf16 from vector<8xbf16>
        %719 = vector.from_elements %715, %716, %717, %718 : vector<4xbf16>
        %720 = vector.extract %693[0] : bf16 from vector<8xbf16>
        %721 = vector.extract %693[1] : bf16 from vector<8xbf16>
        %722 = vector.extract %693[2] : bf16 from vector<8xbf16>
        %723 = vector.extract %693[3] : bf16 from vector<8xbf16>
        %724 = vector.from_elements %720, %721, %722, %723 : vector<4xbf16>
        %725 = vector.extract %691[0] : bf16 from vector<8xbf16>
        %726 = vector.extract %691[1] : bf16 from vector<8xbf16>
        %727 = vector.extract %691[2] : bf16 from vector<8xbf16>
        %728 = vector.extract %691[3] : bf16 from vector<8xbf16>
        %729 = vector.from_elements %725, %726, %727, %728 : vector<4xbf16>
        %730 = amdgpu.mfma 32x32x8 %714 * %724 + %arg6 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %731 = amdgpu.mfma 32x32x8 %714 * %729 + %arg7 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %732 = amdgpu.mfma 32x32x8 %719 * %724 + %arg8 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %733 = amdgpu.mfma 32x32x8 %719 * %729 + %arg9 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %734 = vector.extract %692[4] : bf16 from vector<8xbf16>
        %735 = vector.extract %692[5] : bf16 from vector<8xbf16>
        %736 = vector.extract %692[6] : bf16 from vector<8xbf16>
        %737 = vector.extract %692[7] : bf16 from vector<8xbf16>
        %738 = vector.from_elements %734, %735, %736, %737 : vector<4xbf16>
        %739 = vector.extract %684[4] : bf16 from vector<8xbf16>
        %740 = vector.extract %684[5] : bf16 from vector<8xbf16>
        %741 = vector.extract %684[6] : bf16 from vector<8xbf16>
        %742 = vector.extract %684[7] : bf16 from vector<8xbf16>
        %743 = vector.from_elements %739, %740, %741, %742 : vector<4xbf16>
        %744 = vector.extract %693[4] : bf16 from vector<8xbf16>
        %745 = vector.extract %693[5] : bf16 from vector<8xbf16>
        %746 = vector.extract %693[6] : bf16 from vector<8xbf16>
        %747 = vector.extract %693[7] : bf16 from vector<8xbf16>
        %748 = vector.from_elements %744, %745, %746, %747 : vector<4xbf16>
        %749 = vector.extract %691[4] : bf16 from vector<8xbf16>
        %750 = vector.extract %691[5] : bf16 from vector<8xbf16>
        %751 = vector.extract %691[6] : bf16 from vector<8xbf16>
        %752 = vector.extract %691[7] : bf16 from vector<8xbf16>
        %753 = vector.from_elements %749, %750, %751, %752 : vector<4xbf16>
        %754 = amdgpu.mfma 32x32x8 %738 * %748 + %730 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %755 = amdgpu.mfma 32x32x8 %738 * %753 + %731 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %756 = amdgpu.mfma 32x32x8 %743 * %748 + %732 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %757 = amdgpu.mfma 32x32x8 %743 * %753 + %733 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %758 = arith.addi %668, %c4 : index
        %759 = arith.muli %758, %c8 : index
        %760 = arith.divui %759, %c8 : index
        %761 = arith.addi %675, %760 : index
        %762 = arith.xori %761, %679 : index
        %763 = arith.muli %762, %c8 : index
        %764 = arith.remui %759, %c8 : index
        %765 = arith.addi %763, %764 : index
        %766 = vector.load %reinterpret_cast_8[%765] {alignment = 16 : i64} : memref<7936xbf16, strided<[1], offset: 256>, #gpu.address_space<workgroup>>, vector<8xbf16>
        %767 = arith.addi %686, %760 : index
        %768 = arith.xori %767, %679 : index
        %769 = arith.muli %768, %c8 : index
        %770 = arith.addi %769, %764 : index
        %771 = vector.load %reinterpret_cast_9[%770] {alignment = 16 : i64} : memref<7936xbf16, strided<[1], offset: 256>, #gpu.address_space<workgroup>>, vector<8xbf16>
        %772 = vector.load %arg3[%765] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %773 = vector.load %arg4[%770] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %774 = vector.extract %708[0] : bf16 from vector<8xbf16>
        %775 = vector.extract %708[1] : bf16 from vector<8xbf16>
        %776 = vector.extract %708[2] : bf16 from vector<8xbf16>
        %777 = vector.extract %708[3] : bf16 from vector<8xbf16>
        %778 = vector.from_elements %774, %775, %776, %777 : vector<4xbf16>
        %779 = vector.extract %702[0] : bf16 from vector<8xbf16>
        %780 = vector.extract %702[1] : bf16 from vector<8xbf16>
        %781 = vector.extract %702[2] : bf16 from vector<8xbf16>
        %782 = vector.extract %702[3] : bf16 from vector<8xbf16>
        %783 = vector.from_elements %779, %780, %781, %782 : vector<4xbf16>
        %784 = vector.extract %709[0] : bf16 from vector<8xbf16>
        %785 = vector.extract %709[1] : bf16 from vector<8xbf16>
        %786 = vector.extract %709[2] : bf16 from vector<8xbf16>
        %787 = vector.extract %709[3] : bf16 from vector<8xbf16>
        %788 = vector.from_elements %784, %785, %786, %787 : vector<4xbf16>
        %789 = vector.extract %707[0] : bf16 from vector<8xbf16>
        %790 = vector.extract %707[1] : bf16 from vector<8xbf16>
        %791 = vector.extract %707[2] : bf16 from vector<8xbf16>
        %792 = vector.extract %707[3] : bf16 from vector<8xbf16>
        %793 = vector.from_elements %789, %790, %791, %792 : vector<4xbf16>
        %794 = amdgpu.mfma 32x32x8 %778 * %788 + %754 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %795 = amdgpu.mfma 32x32x8 %778 * %793 + %755 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %796 = amdgpu.mfma 32x32x8 %783 * %788 + %756 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %797 = amdgpu.mfma 32x32x8 %783 * %793 + %757 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %798 = vector.extract %708[4] : bf16 from vector<8xbf16>
        %799 = vector.extract %708[5] : bf16 from vector<8xbf16>
        %800 = vector.extract %708[6] : bf16 from vector<8xbf16>
        %801 = vector.extract %708[7] : bf16 from vector<8xbf16>
        %802 = vector.from_elements %798, %799, %800, %801 : vector<4xbf16>
        %803 = vector.extract %702[4] : bf16 from vector<8xbf16>
        %804 = vector.extract %702[5] : bf16 from vector<8xbf16>
        %805 = vector.extract %702[6] : bf16 from vector<8xbf16>
        %806 = vector.extract %702[7] : bf16 from vector<8xbf16>
        %807 = vector.from_elements %803, %804, %805, %806 : vector<4xbf16>
        %808 = vector.extract %709[4] : bf16 from vector<8xbf16>
        %809 = vector.extract %709[5] : bf16 from vector<8xbf16>
        %810 = vector.extract %709[6] : bf16 from vector<8xbf16>
        %811 = vector.extract %709[7] : bf16 from vector<8xbf16>
        %812 = vector.from_elements %808, %809, %810, %811 : vector<4xbf16>
        %813 = vector.extract %707[4] : bf16 from vector<8xbf16>
        %814 = vector.extract %707[5] : bf16 from vector<8xbf16>
        %815 = vector.extract %707[6] : bf16 from vector<8xbf16>
        %816 = vector.extract %707[7] : bf16 from vector<8xbf16>
        %817 = vector.from_elements %813, %814, %815, %816 : vector<4xbf16>
        %818 = amdgpu.mfma 32x32x8 %802 * %812 + %794 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %819 = amdgpu.mfma 32x32x8 %802 * %817 + %795 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %820 = amdgpu.mfma 32x32x8 %807 * %812 + %796 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %821 = amdgpu.mfma 32x32x8 %807 * %817 + %797 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %822 = arith.addi %668, %c6 : index
        %823 = arith.muli %822, %c8 : index
        %824 = arith.divui %823, %c8 : index
        %825 = arith.addi %675, %824 : index
        %826 = arith.xori %825, %679 : index
        %827 = arith.muli %826, %c8 : index
        %828 = arith.remui %823, %c8 : index
        %829 = arith.addi %827, %828 : index
        %830 = vector.load %reinterpret_cast_8[%829] {alignment = 16 : i64} : memref<7936xbf16, strided<[1], offset: 256>, #gpu.address_space<workgroup>>, vector<8xbf16>
        %831 = arith.addi %686, %824 : index
        %832 = arith.xori %831, %679 : index
        %833 = arith.muli %832, %c8 : index
        %834 = arith.addi %833, %828 : index
        %835 = vector.load %reinterpret_cast_9[%834] {alignment = 16 : i64} : memref<7936xbf16, strided<[1], offset: 256>, #gpu.address_space<workgroup>>, vector<8xbf16>
        %836 = vector.load %arg3[%829] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %837 = vector.load %arg4[%834] {alignment = 16 : i64} : memref<8192xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
        %838 = vector.extract %772[0] : bf16 from vector<8xbf16>
        %839 = vector.extract %772[1] : bf16 from vector<8xbf16>
        %840 = vector.extract %772[2] : bf16 from vector<8xbf16>
        %841 = vector.extract %772[3] : bf16 from vector<8xbf16>
        %842 = vector.from_elements %838, %839, %840, %841 : vector<4xbf16>
        %843 = vector.extract %766[0] : bf16 from vector<8xbf16>
        %844 = vector.extract %766[1] : bf16 from vector<8xbf16>
        %845 = vector.extract %766[2] : bf16 from vector<8xbf16>
        %846 = vector.extract %766[3] : bf16 from vector<8xbf16>
        %847 = vector.from_elements %843, %844, %845, %846 : vector<4xbf16>
        %848 = vector.extract %773[0] : bf16 from vector<8xbf16>
        %849 = vector.extract %773[1] : bf16 from vector<8xbf16>
        %850 = vector.extract %773[2] : bf16 from vector<8xbf16>
        %851 = vector.extract %773[3] : bf16 from vector<8xbf16>
        %852 = vector.from_elements %848, %849, %850, %851 : vector<4xbf16>
        %853 = vector.extract %771[0] : bf16 from vector<8xbf16>
        %854 = vector.extract %771[1] : bf16 from vector<8xbf16>
        %855 = vector.extract %771[2] : bf16 from vector<8xbf16>
        %856 = vector.extract %771[3] : bf16 from vector<8xbf16>
        %857 = vector.from_elements %853, %854, %855, %856 : vector<4xbf16>
        %858 = amdgpu.mfma 32x32x8 %842 * %852 + %818 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %859 = amdgpu.mfma 32x32x8 %842 * %857 + %819 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %860 = amdgpu.mfma 32x32x8 %847 * %852 + %820 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %861 = amdgpu.mfma 32x32x8 %847 * %857 + %821 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %862 = vector.extract %772[4] : bf16 from vector<8xbf16>
        %863 = vector.extract %772[5] : bf16 from vector<8xbf16>
        %864 = vector.extract %772[6] : bf16 from vector<8xbf16>
        %865 = vector.extract %772[7] : bf16 from vector<8xbf16>
        %866 = vector.from_elements %862, %863, %864, %865 : vector<4xbf16>
        %867 = vector.extract %766[4] : bf16 from vector<8xbf16>
        %868 = vector.extract %766[5] : bf16 from vector<8xbf16>
        %869 = vector.extract %766[6] : bf16 from vector<8xbf16>
        %870 = vector.extract %766[7] : bf16 from vector<8xbf16>
        %871 = vector.from_elements %867, %868, %869, %870 : vector<4xbf16>
        %872 = vector.extract %773[4] : bf16 from vector<8xbf16>
        %873 = vector.extract %773[5] : bf16 from vector<8xbf16>
        %874 = vector.extract %773[6] : bf16 from vector<8xbf16>
        %875 = vector.extract %773[7] : bf16 from vector<8xbf16>
        %876 = vector.from_elements %872, %873, %874, %875 : vector<4xbf16>
        %877 = vector.extract %771[4] : bf16 from vector<8xbf16>
        %878 = vector.extract %771[5] : bf16 from vector<8xbf16>
        %879 = vector.extract %771[6] : bf16 from vector<8xbf16>
        %880 = vector.extract %771[7] : bf16 from vector<8xbf16>
        %881 = vector.from_elements %877, %878, %879, %880 : vector<4xbf16>
        %882 = amdgpu.mfma 32x32x8 %866 * %876 + %858 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %883 = amdgpu.mfma 32x32x8 %866 * %881 + %859 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %884 = amdgpu.mfma 32x32x8 %871 * %876 + %860 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %885 = amdgpu.mfma 32x32x8 %871 * %881 + %861 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %886 = vector.extract %836[0] : bf16 from vector<8xbf16>
        %887 = vector.extract %836[1] : bf16 from vector<8xbf16>
        %888 = vector.extract %836[2] : bf16 from vector<8xbf16>
        %889 = vector.extract %836[3] : bf16 from vector<8xbf16>
        %890 = vector.from_elements %886, %887, %888, %889 : vector<4xbf16>
        %891 = vector.extract %830[0] : bf16 from vector<8xbf16>
        %892 = vector.extract %830[1] : bf16 from vector<8xbf16>
        %893 = vector.extract %830[2] : bf16 from vector<8xbf16>
        %894 = vector.extract %830[3] : bf16 from vector<8xbf16>
        %895 = vector.from_elements %891, %892, %893, %894 : vector<4xbf16>
        %896 = vector.extract %837[0] : bf16 from vector<8xbf16>
        %897 = vector.extract %837[1] : bf16 from vector<8xbf16>
        %898 = vector.extract %837[2] : bf16 from vector<8xbf16>
        %899 = vector.extract %837[3] : bf16 from vector<8xbf16>
        %900 = vector.from_elements %896, %897, %898, %899 : vector<4xbf16>
        %901 = vector.extract %835[0] : bf16 from vector<8xbf16>
        %902 = vector.extract %835[1] : bf16 from vector<8xbf16>
        %903 = vector.extract %835[2] : bf16 from vector<8xbf16>
        %904 = vector.extract %835[3] : bf16 from vector<8xbf16>
        %905 = vector.from_elements %901, %902, %903, %904 : vector<4xbf16>
        %906 = amdgpu.mfma 32x32x8 %890 * %900 + %882 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %907 = amdgpu.mfma 32x32x8 %890 * %905 + %883 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %908 = amdgpu.mfma 32x32x8 %895 * %900 + %884 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %909 = amdgpu.mfma 32x32x8 %895 * %905 + %885 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %910 = vector.extract %836[4] : bf16 from vector<8xbf16>
        %911 = vector.extract %836[5] : bf16 from vector<8xbf16>
        %912 = vector.extract %836[6] : bf16 from vector<8xbf16>
        %913 = vector.extract %836[7] : bf16 from vector<8xbf16>
        %914 = vector.from_elements %910, %911, %912, %913 : vector<4xbf16>
        %915 = vector.extract %830[4] : bf16 from vector<8xbf16>
        %916 = vector.extract %830[5] : bf16 from vector<8xbf16>
        %917 = vector.extract %830[6] : bf16 from vector<8xbf16>
        %918 = vector.extract %830[7] : bf16 from vector<8xbf16>
        %919 = vector.from_elements %915, %916, %917, %918 : vector<4xbf16>
        %920 = vector.extract %837[4] : bf16 from vector<8xbf16>
        %921 = vector.extract %837[5] : bf16 from vector<8xbf16>
        %922 = vector.extract %837[6] : bf16 from vector<8xbf16>
        %923 = vector.extract %837[7] : bf16 from vector<8xbf16>
        %924 = vector.from_elements %920, %921, %922, %923 : vector<4xbf16>
        %925 = vector.extract %835[4] : bf16 from vector<8xbf16>
        %926 = vector.extract %835[5] : bf16 from vector<8xbf16>
        %927 = vector.extract %835[6] : bf16 from vector<8xbf16>
        %928 = vector.extract %835[7] : bf16 from vector<8xbf16>
        %929 = vector.from_elements %925, %926, %927, %928 : vector<4xbf16>
        %930 = amdgpu.mfma 32x32x8 %914 * %924 + %906 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %931 = amdgpu.mfma 32x32x8 %914 * %929 + %907 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %932 = amdgpu.mfma 32x32x8 %919 * %924 + %908 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        %933 = amdgpu.mfma 32x32x8 %919 * %929 + %909 blgp =  none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        rocdl.sched.group.barrier 256, 4, 0
        rocdl.sched.group.barrier 256, 4, 0
        rocdl.sched.group.barrier 8, 8, 0
        rocdl.sched.group.barrier 256, 4, 0
        rocdl.sched.group.barrier 8, 8, 0
        rocdl.sched.group.barrier 256, 4, 0
        rocdl.sched.group.barrier 8, 8, 0
        rocdl.sched.group.barrier 8, 8, 0
        scf.yield %930, %931, %932, %933, %656, %658, %660, %662, %663, %664, %665, %666 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>, vector<8xbf16>
      }
      %271 = arith.addi %16, %17 : index
      %272 = arith.addi %30, %31 : index
      %273 = arith.remui %0, %c32 : index
      %274 = arith.divui %0, %c32 : index
      %275 = arith.muli %274, %c4 : index
      %276 = arith.remui %273, %c8 : index
      %277 = arith.muli %276, %c8 : index
      %278 = arith.divui %273, %c8 : index
      %279 = arith.addi %277, %278 : index
      %280 = arith.addi %272, %279 : index
      %281 = arith.remui %275, %c8 : index
      %282 = arith.muli %281, %c8 : index
      %283 = arith.divui %275, %c8 : index
      %284 = arith.addi %282, %283 : index
      %285 = arith.addi %271, %284 : index
      %286 = vector.extract %270#0[0] : f32 from vector<16xf32>
      %287 = arith.truncf %286 : f32 to bf16
      %288 = arith.cmpi ult, %285, %dim : index
      %289 = arith.cmpi ult, %280, %dim_2 : index
      %290 = arith.andi %288, %289 : i1
      scf.if %290 {
        memref.store %287, %arg2[%285, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %291 = arith.addi %275, %c1 : index
      %292 = arith.remui %291, %c8 : index
      %293 = arith.muli %292, %c8 : index
      %294 = arith.divui %291, %c8 : index
      %295 = arith.addi %293, %294 : index
      %296 = arith.addi %271, %295 : index
      %297 = vector.extract %270#0[1] : f32 from vector<16xf32>
      %298 = arith.truncf %297 : f32 to bf16
      %299 = arith.cmpi ult, %296, %dim : index
      %300 = arith.andi %299, %289 : i1
      scf.if %300 {
        memref.store %298, %arg2[%296, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %301 = arith.addi %275, %c2 : index
      %302 = arith.remui %301, %c8 : index
      %303 = arith.muli %302, %c8 : index
      %304 = arith.divui %301, %c8 : index
      %305 = arith.addi %303, %304 : index
      %306 = arith.addi %271, %305 : index
      %307 = vector.extract %270#0[2] : f32 from vector<16xf32>
      %308 = arith.truncf %307 : f32 to bf16
      %309 = arith.cmpi ult, %306, %dim : index
      %310 = arith.andi %309, %289 : i1
      scf.if %310 {
        memref.store %308, %arg2[%306, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %311 = arith.addi %275, %c3 : index
      %312 = arith.remui %311, %c8 : index
      %313 = arith.muli %312, %c8 : index
      %314 = arith.divui %311, %c8 : index
      %315 = arith.addi %313, %314 : index
      %316 = arith.addi %271, %315 : index
      %317 = vector.extract %270#0[3] : f32 from vector<16xf32>
      %318 = arith.truncf %317 : f32 to bf16
      %319 = arith.cmpi ult, %316, %dim : index
      %320 = arith.andi %319, %289 : i1
      scf.if %320 {
        memref.store %318, %arg2[%316, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %321 = arith.addi %275, %c8 : index
      %322 = arith.remui %321, %c8 : index
      %323 = arith.muli %322, %c8 : index
      %324 = arith.divui %321, %c8 : index
      %325 = arith.addi %323, %324 : index
      %326 = arith.addi %271, %325 : index
      %327 = vector.extract %270#0[4] : f32 from vector<16xf32>
      %328 = arith.truncf %327 : f32 to bf16
      %329 = arith.cmpi ult, %326, %dim : index
      %330 = arith.andi %329, %289 : i1
      scf.if %330 {
        memref.store %328, %arg2[%326, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %331 = arith.addi %275, %c9 : index
      %332 = arith.remui %331, %c8 : index
      %333 = arith.muli %332, %c8 : index
      %334 = arith.divui %331, %c8 : index
      %335 = arith.addi %333, %334 : index
      %336 = arith.addi %271, %335 : index
      %337 = vector.extract %270#0[5] : f32 from vector<16xf32>
      %338 = arith.truncf %337 : f32 to bf16
      %339 = arith.cmpi ult, %336, %dim : index
      %340 = arith.andi %339, %289 : i1
      scf.if %340 {
        memref.store %338, %arg2[%336, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %341 = arith.addi %275, %c10 : index
      %342 = arith.remui %341, %c8 : index
      %343 = arith.muli %342, %c8 : index
      %344 = arith.divui %341, %c8 : index
      %345 = arith.addi %343, %344 : index
      %346 = arith.addi %271, %345 : index
      %347 = vector.extract %270#0[6] : f32 from vector<16xf32>
      %348 = arith.truncf %347 : f32 to bf16
      %349 = arith.cmpi ult, %346, %dim : index
      %350 = arith.andi %349, %289 : i1
      scf.if %350 {
        memref.store %348, %arg2[%346, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %351 = arith.addi %275, %c11 : index
      %352 = arith.remui %351, %c8 : index
      %353 = arith.muli %352, %c8 : index
      %354 = arith.divui %351, %c8 : index
      %355 = arith.addi %353, %354 : index
      %356 = arith.addi %271, %355 : index
      %357 = vector.extract %270#0[7] : f32 from vector<16xf32>
      %358 = arith.truncf %357 : f32 to bf16
      %359 = arith.cmpi ult, %356, %dim : index
      %360 = arith.andi %359, %289 : i1
      scf.if %360 {
        memref.store %358, %arg2[%356, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %361 = arith.addi %275, %c16 : index
      %362 = arith.remui %361, %c8 : index
      %363 = arith.muli %362, %c8 : index
      %364 = arith.divui %361, %c8 : index
      %365 = arith.addi %363, %364 : index
      %366 = arith.addi %271, %365 : index
      %367 = vector.extract %270#0[8] : f32 from vector<16xf32>
      %368 = arith.truncf %367 : f32 to bf16
      %369 = arith.cmpi ult, %366, %dim : index
      %370 = arith.andi %369, %289 : i1
      scf.if %370 {
        memref.store %368, %arg2[%366, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %371 = arith.addi %275, %c17 : index
      %372 = arith.remui %371, %c8 : index
      %373 = arith.muli %372, %c8 : index
      %374 = arith.divui %371, %c8 : index
      %375 = arith.addi %373, %374 : index
      %376 = arith.addi %271, %375 : index
      %377 = vector.extract %270#0[9] : f32 from vector<16xf32>
      %378 = arith.truncf %377 : f32 to bf16
      %379 = arith.cmpi ult, %376, %dim : index
      %380 = arith.andi %379, %289 : i1
      scf.if %380 {
        memref.store %378, %arg2[%376, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %381 = arith.addi %275, %c18 : index
      %382 = arith.remui %381, %c8 : index
      %383 = arith.muli %382, %c8 : index
      %384 = arith.divui %381, %c8 : index
      %385 = arith.addi %383, %384 : index
      %386 = arith.addi %271, %385 : index
      %387 = vector.extract %270#0[10] : f32 from vector<16xf32>
      %388 = arith.truncf %387 : f32 to bf16
      %389 = arith.cmpi ult, %386, %dim : index
      %390 = arith.andi %389, %289 : i1
      scf.if %390 {
        memref.store %388, %arg2[%386, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %391 = arith.addi %275, %c19 : index
      %392 = arith.remui %391, %c8 : index
      %393 = arith.muli %392, %c8 : index
      %394 = arith.divui %391, %c8 : index
      %395 = arith.addi %393, %394 : index
      %396 = arith.addi %271, %395 : index
      %397 = vector.extract %270#0[11] : f32 from vector<16xf32>
      %398 = arith.truncf %397 : f32 to bf16
      %399 = arith.cmpi ult, %396, %dim : index
      %400 = arith.andi %399, %289 : i1
      scf.if %400 {
        memref.store %398, %arg2[%396, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %401 = arith.addi %275, %c24 : index
      %402 = arith.remui %401, %c8 : index
      %403 = arith.muli %402, %c8 : index
      %404 = arith.divui %401, %c8 : index
      %405 = arith.addi %403, %404 : index
      %406 = arith.addi %271, %405 : index
      %407 = vector.extract %270#0[12] : f32 from vector<16xf32>
      %408 = arith.truncf %407 : f32 to bf16
      %409 = arith.cmpi ult, %406, %dim : index
      %410 = arith.andi %409, %289 : i1
      scf.if %410 {
        memref.store %408, %arg2[%406, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %411 = arith.addi %275, %c25 : index
      %412 = arith.remui %411, %c8 : index
      %413 = arith.muli %412, %c8 : index
      %414 = arith.divui %411, %c8 : index
      %415 = arith.addi %413, %414 : index
      %416 = arith.addi %271, %415 : index
      %417 = vector.extract %270#0[13] : f32 from vector<16xf32>
      %418 = arith.truncf %417 : f32 to bf16
      %419 = arith.cmpi ult, %416, %dim : index
      %420 = arith.andi %419, %289 : i1
      scf.if %420 {
        memref.store %418, %arg2[%416, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %421 = arith.addi %275, %c26 : index
      %422 = arith.remui %421, %c8 : index
      %423 = arith.muli %422, %c8 : index
      %424 = arith.divui %421, %c8 : index
      %425 = arith.addi %423, %424 : index
      %426 = arith.addi %271, %425 : index
      %427 = vector.extract %270#0[14] : f32 from vector<16xf32>
      %428 = arith.truncf %427 : f32 to bf16
      %429 = arith.cmpi ult, %426, %dim : index
      %430 = arith.andi %429, %289 : i1
      scf.if %430 {
        memref.store %428, %arg2[%426, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %431 = arith.addi %275, %c27 : index
      %432 = arith.remui %431, %c8 : index
      %433 = arith.muli %432, %c8 : index
      %434 = arith.divui %431, %c8 : index
      %435 = arith.addi %433, %434 : index
      %436 = arith.addi %271, %435 : index
      %437 = vector.extract %270#0[15] : f32 from vector<16xf32>
      %438 = arith.truncf %437 : f32 to bf16
      %439 = arith.cmpi ult, %436, %dim : index
      %440 = arith.andi %439, %289 : i1
      scf.if %440 {
        memref.store %438, %arg2[%436, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %441 = arith.addi %279, %c4 : index
      %442 = arith.addi %272, %441 : index
      %443 = vector.extract %270#1[0] : f32 from vector<16xf32>
      %444 = arith.truncf %443 : f32 to bf16
      %445 = arith.cmpi ult, %442, %dim_2 : index
      %446 = arith.andi %288, %445 : i1
      scf.if %446 {
        memref.store %444, %arg2[%285, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %447 = vector.extract %270#1[1] : f32 from vector<16xf32>
      %448 = arith.truncf %447 : f32 to bf16
      %449 = arith.andi %299, %445 : i1
      scf.if %449 {
        memref.store %448, %arg2[%296, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %450 = vector.extract %270#1[2] : f32 from vector<16xf32>
      %451 = arith.truncf %450 : f32 to bf16
      %452 = arith.andi %309, %445 : i1
      scf.if %452 {
        memref.store %451, %arg2[%306, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %453 = vector.extract %270#1[3] : f32 from vector<16xf32>
      %454 = arith.truncf %453 : f32 to bf16
      %455 = arith.andi %319, %445 : i1
      scf.if %455 {
        memref.store %454, %arg2[%316, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %456 = vector.extract %270#1[4] : f32 from vector<16xf32>
      %457 = arith.truncf %456 : f32 to bf16
      %458 = arith.andi %329, %445 : i1
      scf.if %458 {
        memref.store %457, %arg2[%326, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %459 = vector.extract %270#1[5] : f32 from vector<16xf32>
      %460 = arith.truncf %459 : f32 to bf16
      %461 = arith.andi %339, %445 : i1
      scf.if %461 {
        memref.store %460, %arg2[%336, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %462 = vector.extract %270#1[6] : f32 from vector<16xf32>
      %463 = arith.truncf %462 : f32 to bf16
      %464 = arith.andi %349, %445 : i1
      scf.if %464 {
        memref.store %463, %arg2[%346, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %465 = vector.extract %270#1[7] : f32 from vector<16xf32>
      %466 = arith.truncf %465 : f32 to bf16
      %467 = arith.andi %359, %445 : i1
      scf.if %467 {
        memref.store %466, %arg2[%356, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %468 = vector.extract %270#1[8] : f32 from vector<16xf32>
      %469 = arith.truncf %468 : f32 to bf16
      %470 = arith.andi %369, %445 : i1
      scf.if %470 {
        memref.store %469, %arg2[%366, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %471 = vector.extract %270#1[9] : f32 from vector<16xf32>
      %472 = arith.truncf %471 : f32 to bf16
      %473 = arith.andi %379, %445 : i1
      scf.if %473 {
        memref.store %472, %arg2[%376, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %474 = vector.extract %270#1[10] : f32 from vector<16xf32>
      %475 = arith.truncf %474 : f32 to bf16
      %476 = arith.andi %389, %445 : i1
      scf.if %476 {
        memref.store %475, %arg2[%386, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %477 = vector.extract %270#1[11] : f32 from vector<16xf32>
      %478 = arith.truncf %477 : f32 to bf16
      %479 = arith.andi %399, %445 : i1
      scf.if %479 {
        memref.store %478, %arg2[%396, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %480 = vector.extract %270#1[12] : f32 from vector<16xf32>
      %481 = arith.truncf %480 : f32 to bf16
      %482 = arith.andi %409, %445 : i1
      scf.if %482 {
        memref.store %481, %arg2[%406, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %483 = vector.extract %270#1[13] : f32 from vector<16xf32>
      %484 = arith.truncf %483 : f32 to bf16
      %485 = arith.andi %419, %445 : i1
      scf.if %485 {
        memref.store %484, %arg2[%416, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %486 = vector.extract %270#1[14] : f32 from vector<16xf32>
      %487 = arith.truncf %486 : f32 to bf16
      %488 = arith.andi %429, %445 : i1
      scf.if %488 {
        memref.store %487, %arg2[%426, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %489 = vector.extract %270#1[15] : f32 from vector<16xf32>
      %490 = arith.truncf %489 : f32 to bf16
      %491 = arith.andi %439, %445 : i1
      scf.if %491 {
        memref.store %490, %arg2[%436, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %492 = arith.addi %284, %c4 : index
      %493 = arith.addi %271, %492 : index
      %494 = vector.extract %270#2[0] : f32 from vector<16xf32>
      %495 = arith.truncf %494 : f32 to bf16
      %496 = arith.cmpi ult, %493, %dim : index
      %497 = arith.andi %496, %289 : i1
      scf.if %497 {
        memref.store %495, %arg2[%493, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %498 = arith.addi %295, %c4 : index
      %499 = arith.addi %271, %498 : index
      %500 = vector.extract %270#2[1] : f32 from vector<16xf32>
      %501 = arith.truncf %500 : f32 to bf16
      %502 = arith.cmpi ult, %499, %dim : index
      %503 = arith.andi %502, %289 : i1
      scf.if %503 {
        memref.store %501, %arg2[%499, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %504 = arith.addi %305, %c4 : index
      %505 = arith.addi %271, %504 : index
      %506 = vector.extract %270#2[2] : f32 from vector<16xf32>
      %507 = arith.truncf %506 : f32 to bf16
      %508 = arith.cmpi ult, %505, %dim : index
      %509 = arith.andi %508, %289 : i1
      scf.if %509 {
        memref.store %507, %arg2[%505, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %510 = arith.addi %315, %c4 : index
      %511 = arith.addi %271, %510 : index
      %512 = vector.extract %270#2[3] : f32 from vector<16xf32>
      %513 = arith.truncf %512 : f32 to bf16
      %514 = arith.cmpi ult, %511, %dim : index
      %515 = arith.andi %514, %289 : i1
      scf.if %515 {
        memref.store %513, %arg2[%511, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %516 = arith.addi %325, %c4 : index
      %517 = arith.addi %271, %516 : index
      %518 = vector.extract %270#2[4] : f32 from vector<16xf32>
      %519 = arith.truncf %518 : f32 to bf16
      %520 = arith.cmpi ult, %517, %dim : index
      %521 = arith.andi %520, %289 : i1
      scf.if %521 {
        memref.store %519, %arg2[%517, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %522 = arith.addi %335, %c4 : index
      %523 = arith.addi %271, %522 : index
      %524 = vector.extract %270#2[5] : f32 from vector<16xf32>
      %525 = arith.truncf %524 : f32 to bf16
      %526 = arith.cmpi ult, %523, %dim : index
      %527 = arith.andi %526, %289 : i1
      scf.if %527 {
        memref.store %525, %arg2[%523, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %528 = arith.addi %345, %c4 : index
      %529 = arith.addi %271, %528 : index
      %530 = vector.extract %270#2[6] : f32 from vector<16xf32>
      %531 = arith.truncf %530 : f32 to bf16
      %532 = arith.cmpi ult, %529, %dim : index
      %533 = arith.andi %532, %289 : i1
      scf.if %533 {
        memref.store %531, %arg2[%529, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %534 = arith.addi %355, %c4 : index
      %535 = arith.addi %271, %534 : index
      %536 = vector.extract %270#2[7] : f32 from vector<16xf32>
      %537 = arith.truncf %536 : f32 to bf16
      %538 = arith.cmpi ult, %535, %dim : index
      %539 = arith.andi %538, %289 : i1
      scf.if %539 {
        memref.store %537, %arg2[%535, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %540 = arith.addi %365, %c4 : index
      %541 = arith.addi %271, %540 : index
      %542 = vector.extract %270#2[8] : f32 from vector<16xf32>
      %543 = arith.truncf %542 : f32 to bf16
      %544 = arith.cmpi ult, %541, %dim : index
      %545 = arith.andi %544, %289 : i1
      scf.if %545 {
        memref.store %543, %arg2[%541, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %546 = arith.addi %375, %c4 : index
      %547 = arith.addi %271, %546 : index
      %548 = vector.extract %270#2[9] : f32 from vector<16xf32>
      %549 = arith.truncf %548 : f32 to bf16
      %550 = arith.cmpi ult, %547, %dim : index
      %551 = arith.andi %550, %289 : i1
      scf.if %551 {
        memref.store %549, %arg2[%547, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %552 = arith.addi %385, %c4 : index
      %553 = arith.addi %271, %552 : index
      %554 = vector.extract %270#2[10] : f32 from vector<16xf32>
      %555 = arith.truncf %554 : f32 to bf16
      %556 = arith.cmpi ult, %553, %dim : index
      %557 = arith.andi %556, %289 : i1
      scf.if %557 {
        memref.store %555, %arg2[%553, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %558 = arith.addi %395, %c4 : index
      %559 = arith.addi %271, %558 : index
      %560 = vector.extract %270#2[11] : f32 from vector<16xf32>
      %561 = arith.truncf %560 : f32 to bf16
      %562 = arith.cmpi ult, %559, %dim : index
      %563 = arith.andi %562, %289 : i1
      scf.if %563 {
        memref.store %561, %arg2[%559, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %564 = arith.addi %405, %c4 : index
      %565 = arith.addi %271, %564 : index
      %566 = vector.extract %270#2[12] : f32 from vector<16xf32>
      %567 = arith.truncf %566 : f32 to bf16
      %568 = arith.cmpi ult, %565, %dim : index
      %569 = arith.andi %568, %289 : i1
      scf.if %569 {
        memref.store %567, %arg2[%565, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %570 = arith.addi %415, %c4 : index
      %571 = arith.addi %271, %570 : index
      %572 = vector.extract %270#2[13] : f32 from vector<16xf32>
      %573 = arith.truncf %572 : f32 to bf16
      %574 = arith.cmpi ult, %571, %dim : index
      %575 = arith.andi %574, %289 : i1
      scf.if %575 {
        memref.store %573, %arg2[%571, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %576 = arith.addi %425, %c4 : index
      %577 = arith.addi %271, %576 : index
      %578 = vector.extract %270#2[14] : f32 from vector<16xf32>
      %579 = arith.truncf %578 : f32 to bf16
      %580 = arith.cmpi ult, %577, %dim : index
      %581 = arith.andi %580, %289 : i1
      scf.if %581 {
        memref.store %579, %arg2[%577, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %582 = arith.addi %435, %c4 : index
      %583 = arith.addi %271, %582 : index
      %584 = vector.extract %270#2[15] : f32 from vector<16xf32>
      %585 = arith.truncf %584 : f32 to bf16
      %586 = arith.cmpi ult, %583, %dim : index
      %587 = arith.andi %586, %289 : i1
      scf.if %587 {
        memref.store %585, %arg2[%583, %280] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %588 = vector.extract %270#3[0] : f32 from vector<16xf32>
      %589 = arith.truncf %588 : f32 to bf16
      %590 = arith.andi %496, %445 : i1
      scf.if %590 {
        memref.store %589, %arg2[%493, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %591 = vector.extract %270#3[1] : f32 from vector<16xf32>
      %592 = arith.truncf %591 : f32 to bf16
      %593 = arith.andi %502, %445 : i1
      scf.if %593 {
        memref.store %592, %arg2[%499, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %594 = vector.extract %270#3[2] : f32 from vector<16xf32>
      %595 = arith.truncf %594 : f32 to bf16
      %596 = arith.andi %508, %445 : i1
      scf.if %596 {
        memref.store %595, %arg2[%505, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %597 = vector.extract %270#3[3] : f32 from vector<16xf32>
      %598 = arith.truncf %597 : f32 to bf16
      %599 = arith.andi %514, %445 : i1
      scf.if %599 {
        memref.store %598, %arg2[%511, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %600 = vector.extract %270#3[4] : f32 from vector<16xf32>
      %601 = arith.truncf %600 : f32 to bf16
      %602 = arith.andi %520, %445 : i1
      scf.if %602 {
        memref.store %601, %arg2[%517, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %603 = vector.extract %270#3[5] : f32 from vector<16xf32>
      %604 = arith.truncf %603 : f32 to bf16
      %605 = arith.andi %526, %445 : i1
      scf.if %605 {
        memref.store %604, %arg2[%523, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %606 = vector.extract %270#3[6] : f32 from vector<16xf32>
      %607 = arith.truncf %606 : f32 to bf16
      %608 = arith.andi %532, %445 : i1
      scf.if %608 {
        memref.store %607, %arg2[%529, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %609 = vector.extract %270#3[7] : f32 from vector<16xf32>
      %610 = arith.truncf %609 : f32 to bf16
      %611 = arith.andi %538, %445 : i1
      scf.if %611 {
        memref.store %610, %arg2[%535, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %612 = vector.extract %270#3[8] : f32 from vector<16xf32>
      %613 = arith.truncf %612 : f32 to bf16
      %614 = arith.andi %544, %445 : i1
      scf.if %614 {
        memref.store %613, %arg2[%541, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %615 = vector.extract %270#3[9] : f32 from vector<16xf32>
      %616 = arith.truncf %615 : f32 to bf16
      %617 = arith.andi %550, %445 : i1
      scf.if %617 {
        memref.store %616, %arg2[%547, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %618 = vector.extract %270#3[10] : f32 from vector<16xf32>
      %619 = arith.truncf %618 : f32 to bf16
      %620 = arith.andi %556, %445 : i1
      scf.if %620 {
        memref.store %619, %arg2[%553, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %621 = vector.extract %270#3[11] : f32 from vector<16xf32>
      %622 = arith.truncf %621 : f32 to bf16
      %623 = arith.andi %562, %445 : i1
      scf.if %623 {
        memref.store %622, %arg2[%559, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %624 = vector.extract %270#3[12] : f32 from vector<16xf32>
      %625 = arith.truncf %624 : f32 to bf16
      %626 = arith.andi %568, %445 : i1
      scf.if %626 {
        memref.store %625, %arg2[%565, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %627 = vector.extract %270#3[13] : f32 from vector<16xf32>
      %628 = arith.truncf %627 : f32 to bf16
      %629 = arith.andi %574, %445 : i1
      scf.if %629 {
        memref.store %628, %arg2[%571, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %630 = vector.extract %270#3[14] : f32 from vector<16xf32>
      %631 = arith.truncf %630 : f32 to bf16
      %632 = arith.andi %580, %445 : i1
      scf.if %632 {
        memref.store %631, %arg2[%577, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      %633 = vector.extract %270#3[15] : f32 from vector<16xf32>
      %634 = arith.truncf %633 : f32 to bf16
      %635 = arith.andi %586, %445 : i1
      scf.if %635 {
        memref.store %634, %arg2[%583, %442] : memref<?x?xbf16, strided<[?, 1]>>
      }
      gpu.return
    }
  }
}
