/**
 * Parses CSV text (RFC 4180: comma-separated, fields in double quotes may hold commas, newlines
 * and `""` for a quote) into rows of fields, each with the 1-based line it starts on.
 *
 * @example
 * parseCsv('a,b\n"x, y",2\n') // [{ line: 1, fields: ["a", "b"] }, { line: 2, fields: ["x, y", "2"] }]
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let rowHasContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      quoted = true;
      rowHasContent = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      rowHasContent = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      if (rowHasContent || field !== "") {
        fields.push(field);
        rows.push({ line: rowLine, fields });
      }
      fields = [];
      field = "";
      rowHasContent = false;
      line++;
      rowLine = line;
    } else {
      field += c;
      rowHasContent = true;
    }
  }
  if (rowHasContent || field !== "") {
    fields.push(field);
    rows.push({ line: rowLine, fields });
  }
  return rows;
}
