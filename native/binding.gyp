{
  "targets": [
    {
      "target_name": "toolgym_gemm",
      "sources": ["src/toolgym_gemm.c", "src/gemm.c", "src/gemm_pool.c", "src/attention.c"],
      "cflags": ["-O3", "-std=gnu11", "-fvisibility=hidden", "-Wall", "-Wextra", "-pthread"],
      "ldflags": ["-pthread"]
    },
    {
      "target_name": "toolgym_blas",
      "sources": ["src/toolgym_blas.c", "src/attention.c", "src/gemm_pool.c"],
      "cflags": ["-O3", "-std=gnu11", "-fvisibility=hidden", "-Wall", "-Wextra", "-pthread"],
      "ldflags": ["-pthread"],
      "libraries": ["-lopenblas"]
    }
  ]
}
