// The Parquet files the exports write: the Arrow types of their columns, and the writer.
import { Field, Float64, Int64, List, Struct, type Table, tableToIPC, Utf8 } from "apache-arrow";
import * as parquet from "parquet-wasm";
import { writeFileAtomic } from "../core/index.js";

/** Arrow types of the columns the exports write; every field nullable, as pandas writes them. */
const utf8 = (name: string) => new Field(name, new Utf8(), true);

export const arrowString = new Utf8();
export const arrowFloat = new Float64();
export const arrowInt = new Int64();

export const arrowStruct = (fields: Record<string, Utf8 | Float64 | Int64 | Struct | List>) =>
  new Struct(Object.entries(fields).map(([name, type]) => new Field(name, type, true)));

export const arrowList = (item: Utf8 | Struct) => new List(new Field("element", item, true));

/** `{role, content}` chat messages, the shape of verl's `prompt` column. */
export const plainMessagesType = arrowList(new Struct([utf8("role"), utf8("content")]));

/**
 * OpenAI chat messages with tool calls (arguments as JSON strings), the shape of FTRL's
 * `messages` column once a conversation has assistant turns; absent fields are null.
 */
export const toolMessagesType = arrowList(
  arrowStruct({
    role: arrowString,
    content: arrowString,
    tool_calls: arrowList(
      arrowStruct({
        id: arrowString,
        type: arrowString,
        function: arrowStruct({ name: arrowString, arguments: arrowString }),
      }),
    ),
    tool_call_id: arrowString,
  }),
);

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
