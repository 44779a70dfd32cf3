gpu.module @m [#rocdl.target<chip = "gfx1100">] {
  gpu.func @k(%a: memref<?xf32>) kernel {
    gpu.return
  }
}
