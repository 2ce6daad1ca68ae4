// A worker thread's entry when toolgym runs from its TypeScript sources (vitest, tsx): worker
// threads do not inherit the parent's module loader, so this registers tsx in the thread and
// re-exports the worker module's default task function (see shared-worker-pool.ts).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const worker = await import(workerData.source);
export default worker.default;
