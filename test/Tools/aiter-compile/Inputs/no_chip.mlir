gpu.module @m {
  gpu.func @k(%a: memref<?xf32>) kernel {
    gpu.return
  }
}
