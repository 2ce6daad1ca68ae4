import { DuckDBInstance } from "@duckdb/node-api";

/** Rows of a parquet file and its column types, as DuckDB (an independent reader) sees them. */
// biome-ignore lint/suspicious/noExplicitAny: tests check the rows field by field with expect
type Row = Record<string, any>;

export async function readParquet(
  file: string,
): Promise<{ types: Record<string, string>; rows: Row[] }> {
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  try {
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM '${file}'`);
    const types = Object.fromEntries(
      described
        .getRowObjectsJson()
        .map((row) => [String(row.column_name), String(row.column_type)]),
    );
    const rows = (await connection.runAndReadAll(`SELECT * FROM '${file}'`)).getRowObjectsJson();
    return { types, rows: rows as Row[] };
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}
