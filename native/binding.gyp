{
  "targets": [
    {
      "target_name": "toolgym_blas",
      "sources": ["src/toolgym_blas.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas"]
    }
  ]
}
