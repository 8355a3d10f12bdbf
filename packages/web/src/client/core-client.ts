/**
 * The page's handle on the core worker: `call(method, params)` posts a request and resolves with
 * the result and two timings — the worker's compute time and the full round trip measured here
 * with `performance.now()` — or rejects with a {@link CoreError} carrying the rendered issues.
 * @module
 */
import type { CoreApi, CoreReply, Method } from "../worker/protocol";

/** A request the core refused: each entry is one issue, "message (at path)". */
export class CoreError extends Error {
  readonly errors: readonly string[];
  constructor(errors: readonly string[]) {
    super(errors.join("\n"));
    this.name = "CoreError";
    this.errors = errors;
  }
}

/** A result with its timings (ms). */
export interface Timed<T> {
  readonly value: T;
  /** Time spent in the worker. */
  readonly workerMs: number;
  /** Post → reply, as the page sees it (includes messaging and structured cloning). */
  readonly roundTripMs: number;
}

interface Pending {
  readonly resolve: (t: Timed<unknown>) => void;
  readonly reject: (e: unknown) => void;
  readonly start: number;
}

/** A promise-per-request client over one Web Worker. */
export class CoreClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.onmessage = (e: MessageEvent<CoreReply>) => this.#reply(e.data);
    worker.onerror = (e: ErrorEvent) => {
      for (const p of this.#pending.values()) p.reject(new CoreError([`the core worker failed: ${e.message}`]));
      this.#pending.clear();
    };
  }

  /** Run `method` in the worker. */
  call<M extends Method>(method: M, params: CoreApi[M]["req"]): Promise<Timed<CoreApi[M]["res"]>> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (t: Timed<unknown>) => void, reject, start: performance.now() });
      this.#worker.postMessage({ id, method, params });
    });
  }

  #reply(r: CoreReply) {
    const p = this.#pending.get(r.id);
    if (!p) return;
    this.#pending.delete(r.id);
    if (r.ok) p.resolve({ value: r.value, workerMs: r.ms, roundTripMs: performance.now() - p.start });
    else p.reject(new CoreError(r.errors));
  }
}

/**
 * Workers by lane: `interactive` serves the quick requests (catalog, compare, pareto, CSV);
 * `batch` the long ones (validation: seconds), so a long job never delays a recompute.
 */
export type Lane = "interactive" | "batch";

const lanes = new Map<Lane, CoreClient>();

/** The core worker of a lane, started on first use. */
export function core(lane: Lane = "interactive"): CoreClient {
  let c = lanes.get(lane);
  if (!c) {
    c = new CoreClient(new Worker(new URL("../worker/worker.ts", import.meta.url), { type: "module", name: `infersim-core-${lane}` }));
    lanes.set(lane, c);
  }
  return c;
}

/** Methods that take seconds and run in the `batch` lane. */
export const laneOf = (method: Method): Lane => (method === "validation" ? "batch" : "interactive");
