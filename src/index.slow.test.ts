import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import * as api from "./index.js";

// The package as a user gets it: built, packed with `npm pack`, installed from the tarball into
// an empty project, imported by name. Slow (a build and an install), so it runs after the main
// suite, alone (vitest.timing.config.ts).

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "toolgym-pack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }), 60_000);

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("the packed package", () => {
  it("installs from its tarball and exports the public API, training included", () => {
    run("npx", ["tsc", "-p", "tsconfig.build.json"], ROOT);
    const packed = JSON.parse(
      run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT),
    ) as { filename: string; files: { path: string }[] }[];
    const paths = packed[0].files.map((f) => f.path);
    expect(paths).toContain("dist/index.js");
    expect(paths.some((p) => p.endsWith(".test.js") || p.startsWith("src/"))).toBe(false);

    const project = join(work, "project");
    run("mkdir", ["-p", project], work);
    writeFileSync(
      join(project, "package.json"),
      '{"name":"consumer","private":true,"type":"module"}',
    );
    // --ignore-scripts: the optional OpenBLAS addon is not what is tested here.
    run(
      "npm",
      [
        "install",
        "--ignore-scripts",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        join(work, packed[0].filename),
      ],
      project,
    );

    writeFileSync(
      join(project, "use.mjs"),
      `import * as toolgym from "toolgym";
import { train, grpo, buildTriceCandidateLists, resolveTrainConfig, solveF1, TRAIN_ALGOS } from "toolgym";
const config = resolveTrainConfig([{ source: "test", values: { algo: "grpo", steps: 3 } }]);
const loss = grpo({
  logprobs: new Float32Array([-1, -2]), oldLogprobs: new Float32Array([-1, -2]),
  advantages: new Float32Array([1, -1]), mask: new Float32Array([1, 1]), B: 2, T: 1,
}, { klCoef: 0 });
console.log(JSON.stringify({
  names: Object.keys(toolgym).sort(),
  kinds: [typeof train, typeof buildTriceCandidateLists],
  algos: TRAIN_ALGOS,
  config: { algo: config.algo, steps: config.steps, klCoef: config.loss.klCoef },
  loss: Number.isFinite(loss.loss) && loss.grad.length === 2,
  f1: solveF1([{ calls: [{ solved: 0 }] }], [{ subtasks: [{}] }]),
}));
`,
    );
    const used = JSON.parse(run("node", ["use.mjs"], project));
    expect(used).toEqual({
      names: Object.keys(api).sort(),
      kinds: ["function", "function"],
      algos: ["sft", "rrhf", "dpo", "grpo", "reinforce-pp"],
      config: { algo: "grpo", steps: 3, klCoef: 0.04 },
      loss: true,
      f1: [1],
    });
    expect(used.names).toEqual(expect.arrayContaining(["train", "grpo", "runRollouts"]));
    expect(run("node", ["node_modules/toolgym/bin/toolgym.js", "--help"], project)).toMatch(
      /Usage: toolgym/,
    );
  }, 300_000);
});
