import { type Table, tableToIPC } from "apache-arrow";
import * as parquet from "parquet-wasm";
import { writeFileAtomic } from "../core/index.js";

/**
 * Writes an Arrow table as a Parquet file (atomically). The format is parquet-wasm's — the Rust
 * `parquet` crate of the Apache Arrow project compiled to WebAssembly — so nested columns
 * (lists of structs, structs) come out as the standard LIST and STRUCT logical types that
 * pyarrow, pandas, Hugging Face `datasets` and DuckDB read; toolgym writes none of the format by
 * hand. Snappy-compressed, as pandas writes by default.
 */
export function writeParquet(file: string, table: Table): void {
  const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, "stream"));
  const properties = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.SNAPPY)
    .build();
  writeFileAtomic(file, parquet.writeParquet(wasmTable, properties));
}
