import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { writeBfclFixture } from "../../datasets/bfcl/test-helpers/bfcl-live-fixture.js";
import { formatNumber } from "../../report/format-number.js";
import { runCli as run } from "../test-helpers/run-cli.js";

// Debian's chromium, driven by playwright-core (which downloads no browser of its own).
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
// Without chromium the browser test is skipped on a developer's machine; CI installs it
// (.ci/run), so there its absence fails the test instead of passing it silently.
const skipBrowser = !existsSync(CHROMIUM) && process.env.CI !== "true";

// The page's side of the callbacks below, typed as far as they use it: the project compiles
// without the DOM library, and these functions run in the browser, not in Node.
interface Canvas {
  dataset: Record<string, string | undefined>;
  width: number;
  height: number;
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  };
}
interface ChartDataset {
  key: string;
  data: { x: number; y: number }[];
}
declare const window: {
  Chart: { getChart(canvas: unknown): { data: { datasets: ChartDataset[] } } };
  __pwned?: number;
};
declare const document: { querySelectorAll(selector: string): { length: number } };

const readJsonl = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));

afterEach(() => vi.restoreAllMocks());

async function cli(...args: string[]): Promise<string> {
  const { stdout, stderr, code } = await run(...args);
  if (code !== 0) throw new Error(`toolgym ${args.join(" ")} exited ${code}: ${stderr}`);
  return stdout;
}

/** A `toolgym math eval`-like output: metrics the report does not know, math episodes. */
function writeMathEval(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const episode = (id: string, type: string, correct: boolean, usedTool: boolean) => ({
    id,
    policy: "oracle",
    messages: [
      { role: "user", content: `Problem ${id}: 3 + 4 = ?` },
      ...(usedTool
        ? [
            {
              role: "assistant",
              content: null,
              tool_calls: [
                {
                  id: "c0",
                  type: "function",
                  function: { name: "calculator", arguments: '{"expression":"3+4"}' },
                },
              ],
            },
            { role: "tool", tool_call_id: "c0", content: "7" },
          ]
        : []),
      { role: "assistant", content: correct ? "The answer is 7." : "The answer is 8." },
    ],
    calls: usedTool
      ? [
          {
            turn: 0,
            id: "c0",
            name: "calculator",
            arguments: { expression: "3+4" },
            output: "7",
            solved: null,
          },
        ]
      : [],
    metrics: { correct, used_tool: usedTool, n_calls: usedTool ? 1 : 0 },
    meta: { type, source: "svamp" },
  });
  const episodes = [
    episode("m1", "Addition", true, true),
    episode("m2", "Addition", false, false),
    episode("m3", "Subtraction", true, false),
  ];
  writeFileSync(
    join(dir, "trajectories.jsonl"),
    episodes.map((e) => `${JSON.stringify(e)}\n`).join(""),
  );
  writeFileSync(
    join(dir, "metrics.json"),
    JSON.stringify({
      data: "svamp",
      accuracy: 2 / 3,
      accuracy_with_tool: 1,
      by_type: { Addition: { accuracy: 0.5 } },
    }),
  );
}

/** An evaluation whose model wrote markup and script: it must show as text and never run. */
const HOSTILE = `<img src=x onerror="window.__pwned=1"></script><script>window.__pwned=2</script>`;
function writeHostileEval(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const episode = {
    id: "hostile-1",
    env_id: "env-x",
    scenario: "<i>single_hop</i>",
    policy: "openai:<b>m</b>",
    messages: [
      { role: "user", content: HOSTILE },
      {
        role: "assistant",
        content: HOSTILE,
        tool_calls: [
          {
            id: "c1",
            type: "function",
            function: { name: "<b>tool</b>", arguments: `{"q": "${"\\u003cscript>"}"}` },
          },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "error: no such tool <b>tool</b>" },
    ],
    calls: [
      {
        turn: 0,
        id: "c1",
        name: "<b>tool</b>",
        arguments: { q: "<script>" },
        error: HOSTILE,
        solved: null,
      },
    ],
    metrics: {
      solve_p: 0,
      solve_r: 0,
      solve_f1: 0,
      answer_correct: false,
      n_calls: 1,
      n_error_calls: 1,
      n_turns: 1,
    },
    reward: { total: 0, parts: { [HOSTILE]: 0 } },
    stop: "policy_error",
    error: HOSTILE,
    meta: {},
  };
  writeFileSync(join(dir, "trajectories.jsonl"), `${JSON.stringify(episode)}\n`);
}

describe("toolgym report", () => {
  it("refuses a directory that holds no run, with exit code 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgym-report-empty-"));
    const { code, stderr } = await run("report", dir);
    expect(code).toBe(2);
    expect(stderr).toContain(`${dir}: not a toolgym run or evaluation`);
  });
});

describe.skipIf(skipBrowser)("toolgym report, opened in headless Chromium", () => {
  let root = "";
  const at = (name: string) => join(root, name);
  const MAX_EPISODES = 10;
  const evalDirs = ["eval-oracle", "eval-sft", "eval-grpo"];
  const reportFile = () => at("report.html");
  let context: BrowserContext | undefined;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: .ci/run installs Debian's chromium`).toBe(
      true,
    );
    root = mkdtempSync(join(tmpdir(), "toolgym-report-"));
    // Real runs, made small: 16 environments, a 1-layer model, a few steps of SFT then GRPO.
    const envs = at("envs.jsonl");
    const words = (text: string) => text.split(" ");
    await cli(...words(`envs build --count 16 --seed 3 --complexity none --out ${envs}`));
    await cli(...words(`eval --envs ${envs} --policy oracle --out ${at("eval-oracle")}`));
    const evalCheckpoint = (checkpoint: string, out: string) =>
      cli(
        ...words(
          `eval --envs ${envs} --max-turns 2 --policy builtin:${at(checkpoint)} --out ${at(out)}`,
        ),
      );
    const small = words(`--envs ${envs} --eval-envs ${envs} --max-new-tokens 16`);
    const tiny = words("--d-model 16 --n-layer 1 --n-head 1 --ctx 256 --vocab-size 512");
    await cli(
      ...words(
        `train --algo sft --out ${at("sft")} --steps 4 --eval-interval 2 --batch-size 4 --eval-limit 8`,
      ),
      ...small,
      ...tiny,
    );
    await evalCheckpoint("sft/checkpoints/step-4", "eval-sft");
    await cli(
      ...words(
        `train --algo grpo --init ${at("sft/checkpoints/step-4")} --out ${at("grpo")} --steps 2 --eval-interval 1 --batch-size 2 --group-size 2 --eval-limit 4`,
      ),
      ...small,
    );
    await evalCheckpoint("grpo/checkpoints/step-2", "eval-grpo");
    await cli("bfcl", "--policy", "oracle", "--data", writeBfclFixture(), "--out", at("bfcl"));
    writeMathEval(at("math"));
    writeHostileEval(at("hostile<i>"));
    const dirs = [
      "eval-oracle",
      "sft",
      "eval-sft",
      "grpo",
      "eval-grpo",
      "math",
      "hostile<i>",
      "bfcl",
    ];
    const out = await cli(
      "report",
      ...dirs.map(at),
      "--out",
      reportFile(),
      "--max-episodes",
      String(MAX_EPISODES),
    );
    expect(out).toContain(`report → ${reportFile()}`);
    // The terminal gets the evaluations side by side too, the oracle's first.
    expect(out).toMatch(/^Solve-F1 +1\.000 \[1\.000, 1\.000\] +0\.\d{3} \[/m);

    context = await chromium.launchPersistentContext(
      mkdtempSync(join(tmpdir(), "toolgym-chromium-")),
      {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_FLAGS,
        viewport: { width: 1280, height: 900 },
      },
    );
    page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(reportFile()).href, { waitUntil: "load" });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
  });

  it("loads with no console error and fetches nothing but itself", () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(reportFile()).href]);
  });

  it("draws every chart: each canvas has pixels painted", async () => {
    const charts = await page.$$eval("canvas[data-chart]", (canvases) =>
      canvases.map((canvas) => {
        const c = canvas as unknown as Canvas;
        const pixels = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
        return { id: c.dataset.chart, drawn: c.dataset.drawn, painted, width: c.width };
      }),
    );
    // Two runs' curves, the results bars, and the environments' three bar charts.
    expect(charts.length).toBeGreaterThanOrEqual(12);
    for (const chart of charts) {
      expect(chart, chart.id).toMatchObject({ drawn: "true" });
      expect(chart.width, chart.id).toBeGreaterThan(100);
      expect(chart.painted, chart.id).toBeGreaterThan(500);
    }
  });

  it("shows each evaluation's figures, overall and per scenario, as metrics.json holds them", async () => {
    const keys = [
      "solve_p",
      "solve_r",
      "solve_f1",
      "answer_accuracy",
      "tool_use_rate",
      "error_call_rate",
      "calls_per_episode",
      "reward",
      "max_turns_rate",
    ];
    for (const label of evalDirs) {
      const metrics = readJson(at(`${label}/metrics.json`));
      const groups: [string, Record<string, number>][] = [
        ["overall", metrics.overall],
        ...Object.entries<Record<string, number>>(metrics.by_scenario),
      ];
      for (const [group, figures] of groups) {
        for (const key of keys) {
          const cell = page.locator(
            `table.results[data-group="${group}"] td[data-eval="${label}"][data-metric="${key}"]`,
          );
          expect(await cell.locator(".est").textContent(), `${label} ${group} ${key}`).toBe(
            formatNumber(figures[key]),
          );
          expect(Number(await cell.getAttribute("data-value"))).toBeCloseTo(figures[key], 12);
        }
      }
      const header = await page
        .locator(`table.results[data-group="overall"] th.eval-col`, { hasText: label })
        .textContent();
      expect(header).toContain(`n = ${metrics.overall.episodes}`);
      const card = await page.locator(`[data-card="${label}"]`).textContent();
      expect(card).toContain(formatNumber(metrics.overall.solve_f1));
    }
  });

  it("plots the training runs' metrics.jsonl and states their last held-out figures", async () => {
    for (const [label, steps] of [
      ["sft", 4],
      ["grpo", 2],
    ] as const) {
      const lines = readJsonl(at(`${label}/metrics.jsonl`));
      const datasets = await page.$$eval(`[data-run="${label}"] canvas`, (canvases) =>
        canvases.flatMap((canvas) =>
          window.Chart.getChart(canvas).data.datasets.map((d) => ({
            key: d.key,
            points: d.data.map((p) => [p.x, p.y]),
          })),
        ),
      );
      const plotted = new Map(datasets.map((d) => [d.key, d.points]));
      const wanted = [
        "loss",
        "lr",
        "grad_norm",
        "eval_solve_f1",
        "eval_answer_accuracy",
        "tok_s_loss",
        ...(label === "grpo"
          ? ["kl", "clip_frac", "rollout_reward_mean", "eval_reward_mean"]
          : ["eval_loss"]),
      ];
      for (const key of wanted) {
        const expected = lines
          .filter((l) => typeof l[key] === "number")
          .map((l) => [l.step, l[key]]);
        expect(expected.length, key).toBeGreaterThan(0);
        expect(plotted.get(key), `${label} ${key}`).toEqual(expected);
      }
      const lastEval = lines.filter((l) => l.kind === "eval").at(-1);
      const run = page.locator(`[data-run="${label}"]`);
      await expect(run.locator('[data-fact="steps"]').textContent()).resolves.toBe(
        `${steps} of ${steps} steps`,
      );
      await expect(run.locator('[data-fact="eval_solve_f1"]').textContent()).resolves.toBe(
        formatNumber(lastEval.eval_solve_f1),
      );
    }
  });

  it("shows BFCL accuracy per category, unknown metrics generically, and the environments' counts", async () => {
    const bfcl = readJson(at("bfcl/bfcl-results.json"));
    for (const [category, result] of [
      ...Object.entries<{ accuracy: number }>(bfcl.categories),
      ["overall", bfcl.overall],
    ] as const) {
      const cell = page.locator(`td[data-bfcl="bfcl"][data-category="${category}"] .est`);
      await expect(cell.textContent(), category).resolves.toBe(formatNumber(result.accuracy));
    }
    // The math evaluation: per-episode `correct` as a share, metrics.json's numbers as they are.
    const correct = page.locator(
      'table.results[data-group="overall"] td[data-eval="math"][data-metric="correct"] .est',
    );
    await expect(correct.textContent()).resolves.toBe(formatNumber(2 / 3));
    await expect(
      page
        .locator('details[data-eval="math"] td[data-path="by_type.Addition.accuracy"]')
        .textContent(),
    ).resolves.toBe(formatNumber(0.5));
    await expect(page.locator('table.results[data-group="Subtraction"]').count()).resolves.toBe(1);
    // The environment file recorded by the runs: its record count.
    const environments = readJsonl(at("envs.jsonl")).length;
    await expect(page.locator('[data-fact="environments"]').first().textContent()).resolves.toBe(
      String(environments),
    );
  });

  it("embeds at most --max-episodes episodes per evaluation and filters them by evaluation, scenario, outcome and reward", async () => {
    const embedded = evalDirs.map((label) =>
      readJsonl(at(`${label}/trajectories.jsonl`)).slice(0, MAX_EPISODES),
    );
    const all = [
      ...embedded.flat(),
      ...readJsonl(at("math/trajectories.jsonl")),
      ...readJsonl(at("hostile<i>/trajectories.jsonl")),
    ];
    const shown = async () =>
      Number(await page.locator("#episode-count").getAttribute("data-shown"));
    const visible = () => page.locator("#episodes > details.episode:not([hidden])").count();
    expect(await shown()).toBe(all.length);
    expect(await visible()).toBe(all.length);
    await expect(page.locator("#trajectories").textContent()).resolves.toContain(
      `eval-oracle: ${MAX_EPISODES} of 16`,
    );

    await page.selectOption("#f-eval", { label: "eval-oracle" });
    expect(await shown()).toBe(MAX_EPISODES);
    const scenario = embedded[0][0].scenario as string;
    await page.selectOption("#f-group", scenario);
    const ofScenario = embedded[0].filter((t) => t.scenario === scenario).length;
    expect(await shown()).toBe(ofScenario);
    expect(await visible()).toBe(ofScenario);

    await page.selectOption("#f-eval", "");
    await page.selectOption("#f-group", "");
    await page.selectOption("#f-outcome", "correct");
    const correct = all.filter(
      (t) => t.metrics.answer_correct === true || t.metrics.correct === true,
    ).length;
    expect(await shown()).toBe(correct);
    await page.selectOption("#f-outcome", "wrong");
    const wrong = all.filter(
      (t) =>
        t.stop !== "policy_error" &&
        (t.metrics.answer_correct === false || t.metrics.correct === false),
    ).length;
    expect(await shown()).toBe(wrong);

    await page.selectOption("#f-outcome", "");
    await page.fill("#f-reward-min", "0.5");
    expect(await shown()).toBe(
      all.filter((t) => t.reward !== undefined && t.reward.total >= 0.5).length,
    );
    await page.fill("#f-reward-min", "");
    expect(await shown()).toBe(all.length);
  });

  it("expands an episode into its messages, tool calls, solved subtasks and reward parts", async () => {
    await page.selectOption("#f-eval", { label: "eval-oracle" });
    const trajectory = readJsonl(at("eval-oracle/trajectories.jsonl"))[0];
    const env = readJsonl(at("envs.jsonl")).find((r) => r.id === trajectory.env_id);
    const episode = page.locator("#episodes > details.episode:not([hidden])").first();
    expect(await episode.locator(".episode-body").count()).toBe(0);
    await episode.locator("summary").click();
    const body = episode.locator(".episode-body");
    await body.waitFor();
    expect(await body.locator(".message").count()).toBe(trajectory.messages.length);
    const rows = body.locator("table.calls tbody tr");
    expect(await rows.count()).toBe(trajectory.calls.length);
    const solved = await rows.first().locator("td.solved").textContent();
    expect(solved).toBe(
      `#${trajectory.calls[0].solved}: ${env.subtasks[trajectory.calls[0].solved].question}`,
    );
    for (const part of Object.keys(trajectory.reward.parts))
      await expect(body.textContent()).resolves.toContain(part);
    await expect(body.locator(".gold").textContent()).resolves.toContain(env.answer);

    await episode.locator("summary").click();
    expect(await episode.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(false);
    await page.click("#expand-all");
    await page.waitForFunction(
      () => document.querySelectorAll("#episodes > details[open] .episode-body").length > 0,
    );
    const open = await page.locator("#episodes > details.episode[open]").count();
    expect(open).toBe(MAX_EPISODES);
    await page.click("#collapse-all");
    expect(await page.locator("#episodes > details.episode[open]").count()).toBe(0);
  });

  it("shows what a model wrote as text: markup in a trajectory never becomes an element or runs", async () => {
    await page.selectOption("#f-eval", { label: "hostile<i>" });
    await page.click("#expand-all");
    const body = page.locator("#episodes > details.episode:not([hidden]) .episode-body");
    await body.waitFor();
    await expect(body.textContent()).resolves.toContain(HOSTILE);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    expect(await body.locator("img, script, b, i").count()).toBe(0);
    expect(await page.locator("main i, main img").count()).toBe(0);
    await expect(page.locator("header").textContent()).resolves.toContain("hostile<i>");
    // Everything done on the page, still no error.
    expect(problems).toEqual([]);
  });
});
