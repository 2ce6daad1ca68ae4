import { basename } from "node:path";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { type Command, InvalidArgumentError, Option } from "commander";
import { ConfigError, EnvironmentRecordSchema, readJsonl } from "../../core/index.js";
import { ArgumentValidator } from "../../env/index.js";
import { createSandbox } from "../../sandbox/index.js";
import {
  createMcpServer,
  EnvCatalog,
  loadBuiltinModel,
  type RunningServer,
  startEnvServer,
  startMcpHttpServer,
  startModelServer,
  startRewardServer,
} from "../../serve/index.js";

/** Options every HTTP server takes. */
export interface HttpCommandOptions {
  host: string;
  port: number;
  token?: string;
  maxBodyBytes: number;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("expected a port, 0-65535");
  return n;
}

function withHttpOptions(command: Command, defaultPort: number): Command {
  return command
    .option("--host <host>", "address to bind (0.0.0.0 to serve other machines)", "127.0.0.1")
    .option("--port <port>", "port (0 = any free one)", port, defaultPort)
    .addOption(
      new Option("--token <token>", "require Authorization: Bearer <token> (or ?token=)").env(
        "TOOLGYM_TOKEN",
      ),
    )
    .option("--max-body-bytes <n>", "larger request bodies get 413", positiveInt, 1 << 20);
}

async function loadCatalog(envs: string): Promise<EnvCatalog> {
  return new EnvCatalog(await readJsonl(envs, EnvironmentRecordSchema));
}

/** Prints where the server listens and closes it on SIGINT/SIGTERM. */
function announce(what: string, server: RunningServer, options: HttpCommandOptions): RunningServer {
  const loopback = ["127.0.0.1", "localhost", "::1"].includes(options.host);
  if (!loopback && options.token === undefined) {
    process.stderr.write(
      `toolgym serve ${what}: warning: ${options.host} is reachable from other machines and no --token is set\n`,
    );
  }
  process.stderr.write(`toolgym serve ${what}: listening on ${server.url}\n`);
  closeOnSignal(() => server.close());
  return server;
}

function closeOnSignal(close: () => Promise<void>): void {
  const stop = () => {
    void close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

export async function serveRewardCommand(
  options: HttpCommandOptions & { envs: string; maxBatch: number; maxTurns: number },
): Promise<RunningServer> {
  const catalog = await loadCatalog(options.envs);
  const server = await startRewardServer({ ...options, catalog });
  return announce("reward", server, options);
}

export async function serveEnvCommand(
  options: HttpCommandOptions & {
    envs: string;
    maxSessions: number;
    sessionTtl: number;
    maxTurns: number;
    maxCallsPerTurn: number;
  },
): Promise<RunningServer> {
  const catalog = await loadCatalog(options.envs);
  const server = await startEnvServer({ ...options, catalog, sessionTtlS: options.sessionTtl });
  return announce("env", server, options);
}

export async function serveModelCommand(
  options: HttpCommandOptions & { spec: string; modelName?: string; maxN: number; seed: number },
): Promise<RunningServer> {
  if (!options.spec.startsWith("builtin:") || options.spec === "builtin:") {
    throw new ConfigError("model", `"${options.spec}" is not builtin:CHECKPOINT_DIR`);
  }
  const dir = options.spec.slice("builtin:".length);
  const { model, tokenizer } = await loadBuiltinModel(dir);
  const modelName = options.modelName ?? basename(dir.replace(/\/+$/, ""));
  const server = await startModelServer({ ...options, model, tokenizer, modelName });
  process.stderr.write(
    `toolgym serve model: ${modelName}: use ${server.url}/v1 (openai:${modelName}@${server.url}/v1)\n`,
  );
  return announce("model", server, options);
}

/** Over stdio (the default; stdout is the protocol, so status goes to stderr) or HTTP. */
export async function serveMcpCommand(
  options: HttpCommandOptions & { envs: string; env: string; http?: boolean },
): Promise<RunningServer | undefined> {
  const catalog = await loadCatalog(options.envs);
  const record = catalog.records.find((r) => r.id === options.env);
  if (record === undefined) {
    throw new ConfigError("--env", `no environment "${options.env}" in ${options.envs}`);
  }
  if (options.http) {
    const server = await startMcpHttpServer({ ...options, record });
    return announce("mcp", server, options);
  }
  const sandbox = await createSandbox();
  const server = createMcpServer({ record, sandbox, validator: new ArgumentValidator() });
  const transport = new StdioServerTransport();
  transport.onclose = () => sandbox.dispose();
  await server.connect(transport);
  process.stderr.write(`toolgym serve mcp: ${record.id} on stdio\n`);
  closeOnSignal(() => server.close());
  return undefined;
}

/** `toolgym serve reward|env|model|mcp`. */
export function registerServeCommands(program: Command): void {
  const serve = program
    .command("serve")
    .description("servers for training engines and agents: reward, env, model, mcp");
  withHttpOptions(
    serve
      .command("reward")
      .description("the reward over HTTP: OpenRLHF's POST /get_reward, POST /score"),
    5000,
  )
    .requiredOption(
      "--envs <file>",
      "environments (JSONL of EnvironmentRecord); labels are their ids",
    )
    .option("--max-batch <n>", "queries per request at most", positiveInt, 4096)
    .option("--max-turns <n>", "assistant turns of a conversation scored at most", positiveInt, 16)
    .action(async (options) => {
      await serveRewardCommand(options);
    });
  withHttpOptions(
    serve
      .command("env")
      .description("environments as reset/step sessions (POST /reset, /step, /close)"),
    5001,
  )
    .requiredOption("--envs <file>", "environments (JSONL of EnvironmentRecord)")
    .option("--max-sessions <n>", "open sessions at most", positiveInt, 4096)
    .option("--session-ttl <s>", "idle seconds before a session is closed", positiveInt, 600)
    .option("--max-turns <n>", "assistant turns per episode", positiveInt, 16)
    .option("--max-calls-per-turn <n>", "tool calls in one turn at most", positiveInt, 32)
    .action(async (options) => {
      await serveEnvCommand(options);
    });
  withHttpOptions(
    serve
      .command("model")
      .description("the built-in model behind an OpenAI-compatible /v1/chat/completions")
      .argument("<spec>", "builtin:CHECKPOINT_DIR"),
    5002,
  )
    .option("--model-name <name>", "the model id clients name (default: the directory's name)")
    .option("--max-n <n>", "choices per request at most", positiveInt, 16)
    .option("--seed <n>", "seed of requests that give none", positiveInt, 1)
    .action(async (spec, options) => {
      await serveModelCommand({ ...options, spec });
    });
  withHttpOptions(
    serve.command("mcp").description("one environment's tools as an MCP server (stdio, or --http)"),
    5003,
  )
    .requiredOption("--envs <file>", "environments (JSONL of EnvironmentRecord)")
    .requiredOption("--env <id>", "the environment whose tools to serve")
    .option("--http", "streamable HTTP at POST /mcp instead of stdio")
    .action(async (options) => {
      await serveMcpCommand(options);
    });
}
