gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @k(%a: memref<?xf32>) kernel {
    gpu.return
  }
}
gpu.module @n [#rocdl.target<chip = "gfx950">] {
  gpu.func @k(%a: memref<?xf32>) kernel {
    gpu.return
  }
}
