import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The module rules of docs/design.md, checked over the TypeScript import graph of src/. The
// table is read from the document itself, so the design and the check cannot drift apart.

const SRC = dirname(fileURLToPath(import.meta.url));
const DESIGN = join(SRC, "..", "docs", "design.md");

/** module → the modules it may import, from the design's `| module | owns | may import |` table. */
function designTable(): Map<string, Set<string>> {
  const table = new Map<string, Set<string>>();
  let inTable = false;
  for (const line of readFileSync(DESIGN, "utf8").split("\n")) {
    if (/^\| module \| owns \| may import \|/.test(line)) inTable = true;
    else if (inTable && !line.startsWith("|")) break;
    else if (inTable && !line.startsWith("|---")) {
      const cells = line.split("|").map((cell) => cell.trim());
      const [module, mayImport] = [cells[1], cells[3]];
      const allowed = mayImport === "—" ? [] : mayImport.split(",").map((m) => m.trim());
      table.set(module, new Set(allowed));
    }
  }
  return table;
}

interface Edge {
  readonly file: string;
  readonly from: string;
  readonly to: string;
  /** The imported file, relative to src/. */
  readonly target: string;
}

/** Every import, export-from and dynamic import between two modules of src/. */
function moduleEdges(): Edge[] {
  const edges: Edge[] = [];
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "fixtures" ? [] : walk(path);
      return entry.name.endsWith(".ts") ? [path] : [];
    });
  for (const path of walk(SRC)) {
    const file = relative(SRC, path).split(sep).join("/");
    const from = moduleOf(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(path, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = relative(SRC, resolve(dirname(path), fileName))
        .split(sep)
        .join("/");
      const to = moduleOf(target);
      if (to !== from) edges.push({ file, from, to, target });
    }
  }
  return edges;
}

/** `policy` for `policy/openai-policy.ts`; `index` for the public entry src/index.ts. */
function moduleOf(file: string): string {
  return file.includes("/") ? file.slice(0, file.indexOf("/")) : "index";
}

function isTestCode(file: string): boolean {
  return /\.test\.ts$/.test(file) || file.includes("/test-helpers/") || file.startsWith("testing/");
}

/** A cycle in `graph` as a list of nodes, or undefined. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("module rules (docs/design.md)", () => {
  const table = designTable();
  const edges = moduleEdges();
  const production = edges.filter((edge) => !isTestCode(edge.file));

  it("declares every folder of src/ in the design's table, and the table has no cycle", () => {
    expect(table.size).toBeGreaterThan(10);
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.filter((folder) => !table.has(folder))).toEqual([]);
    for (const allowed of table.values()) {
      for (const module of allowed) expect(table.has(module), module).toBe(true);
    }
    expect(findCycle(table)).toBeUndefined();
    expect(table.get("model")).toEqual(new Set());
    expect(table.get("core")).toEqual(new Set());
  });

  it("has production code import only what its module's row allows", () => {
    const wrong = production
      .filter(({ from, to }) =>
        from === "index" ? to === "cli" || to === "testing" : !table.get(from)?.has(to),
      )
      .map(({ file, to }) => `${file} imports ${to}`);
    expect(wrong).toEqual([]);
  });

  it("has production code import another module only through an index.ts of it", () => {
    // The module's own, or a sub-folder's public face (envgen/llm, eval/bfcl).
    const wrong = production
      .filter(({ target }) => !target.endsWith("/index.js"))
      .map(({ file, target }) => `${file} imports ${target}`);
    expect(wrong).toEqual([]);
  });

  it("has nothing outside cli import cli, tests included", () => {
    const wrong = edges
      .filter(({ from, to }) => to === "cli" && from !== "cli")
      .map(({ file }) => file);
    expect(wrong).toEqual([]);
  });

  it("has no cycle between modules", () => {
    const graph = new Map<string, Set<string>>();
    for (const { from, to } of production) {
      if (from === "index") continue;
      graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
    expect(findCycle(graph)).toBeUndefined();
    // The check sees the imports it should: the policy ↔ train cycle of old would show here.
    expect(graph.get("policy")?.has("chat")).toBe(true);
    expect(graph.get("train")?.has("policy")).toBe(true);
  });

  it("catches a forbidden import and a cycle when there is one", () => {
    const graph = new Map([
      ["policy", new Set(["train"])],
      ["train", new Set(["policy"])],
    ]);
    expect(findCycle(graph)).toEqual(["policy", "train", "policy"]);
    expect(table.get("policy")?.has("train")).toBe(false);
  });
});
