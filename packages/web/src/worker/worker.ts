/**
 * The core's Web Worker: receives {@link CoreRequest}s, runs the matching handler and posts a
 * {@link CoreReply} with the time it took. Input problems (the core's `InputError`) come back as
 * rendered issues; anything else as its message. Long handlers report progress through their
 * second argument (at most every {@link PROGRESS_MS} ms). Heavy work never blocks the page.
 * @module
 */
import { InputError, formatIssue } from "@infersim/core";
import { catalogData } from "./catalog-data";
import { compare } from "./compare";
import { parseCustom } from "./custom";
import { pareto } from "./pareto";
import { validation } from "./validation";
import { csv } from "./csv";
import { pairings, plan } from "./plan";
import type { CoreApi, CoreMessage, CoreRequest, Method } from "./protocol";
import type { ReportProgress } from "./protocol-serving";
import { simulateRun } from "./simulate";

type Handlers = { [M in Method]: (params: CoreApi[M]["req"], progress: ReportProgress) => CoreApi[M]["res"] | Promise<CoreApi[M]["res"]> };

/** Shortest gap between two progress messages of one request. */
const PROGRESS_MS = 50;

const handlers: Handlers = {
  catalog: (p) => catalogData(p.custom),
  compare,
  pareto,
  validation: () => validation(),
  parseCustom,
  csv,
  simulate: simulateRun,
  plan,
  pairings,
};

const post = (message: CoreMessage) => self.postMessage(message);

function errorsOf(err: unknown): string[] {
  if (err instanceof InputError) return err.issues.map(formatIssue);
  return [err instanceof Error ? err.message : String(err)];
}

self.onmessage = async (e: MessageEvent<CoreRequest>) => {
  const t0 = performance.now();
  const { id, method, params } = e.data;
  let last = -Infinity;
  const progress: ReportProgress = (p) => {
    const now = performance.now();
    if (now - last < PROGRESS_MS && p.done < p.total) return;
    last = now;
    post({ id, progress: p });
  };
  try {
    const handler = handlers[method] as (p: unknown, progress: ReportProgress) => unknown;
    const value: unknown = await handler(params, progress);
    post({ id, ok: true, value, ms: performance.now() - t0 });
  } catch (err) {
    post({ id, ok: false, errors: errorsOf(err), ms: performance.now() - t0 });
  }
};
