import cliProgress from "cli-progress";

export interface Progress {
  update(done: number, payload?: Record<string, string>): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal; otherwise (CI, pipes) a plain line at every
 * tenth of the work, so logs stay readable.
 */
export function createProgress(options: {
  total: number;
  label: string;
  stream?: NodeJS.WriteStream;
}): Progress {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${options.label} [{bar}] {value}/{total} {percentage}% | eta {eta_formatted} {info}`,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(options.total, 0, { info: "" });
    return {
      update: (done, payload) => bar.update(done, { info: payload?.info ?? "" }),
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  const started = Date.now();
  return {
    update(done) {
      const tenth = options.total === 0 ? 10 : Math.floor((10 * done) / options.total);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${options.label}: ${done}/${options.total} (${seconds}s)\n`);
    },
    stop() {},
  };
}
