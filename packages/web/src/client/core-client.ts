/**
 * The page's handle on the core worker: `call(method, params)` posts a request and resolves with
 * the result and two timings — the worker's compute time and the full round trip measured here
 * with `performance.now()` — or rejects with a {@link CoreError} carrying the rendered issues.
 * Long requests report progress; a request can be abandoned with an `AbortSignal`. Requests go to
 * the worker one at a time, so an abandoned request that is still waiting is simply dropped, and
 * only the running one, in a restartable lane, stops the worker (the waiting ones then go to a
 * fresh worker).
 * @module
 */
import type { CoreApi, CoreMessage, Method } from "../worker/protocol";
import type { Progress } from "../worker/protocol-serving";

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
  /** Call → reply, as the page sees it (includes waiting behind earlier requests, messaging and structured cloning). */
  readonly roundTripMs: number;
}

/** Options of {@link CoreClient.call}. */
export interface CallOptions {
  readonly onProgress?: (p: Progress) => void;
  /** Abandon the request: its promise rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
}

interface Pending {
  readonly method: Method;
  readonly params: unknown;
  readonly resolve: (t: Timed<unknown>) => void;
  readonly reject: (e: unknown) => void;
  readonly onProgress: ((p: Progress) => void) | undefined;
  readonly start: number;
}

/** A promise-per-request client over one Web Worker (made by `make`, remade after a stop). */
export class CoreClient {
  readonly #make: () => Worker;
  readonly #restartable: boolean;
  /** Requests not yet answered, oldest first: the running one (if not abandoned), then those waiting. */
  readonly #pending = new Map<number, Pending>();
  /** The request the worker is computing (possibly abandoned), if any. */
  #running: number | undefined;
  #worker: Worker;
  #next = 1;

  /** `restartable`: abandoning the running request stops the worker (for long computations). */
  constructor(make: () => Worker, restartable = false) {
    this.#make = make;
    this.#restartable = restartable;
    this.#worker = this.#start();
  }

  #start(): Worker {
    const worker = this.#make();
    worker.onmessage = (e: MessageEvent<CoreMessage>) => this.#message(e.data);
    worker.onerror = (e: ErrorEvent) => {
      for (const p of this.#pending.values()) p.reject(new CoreError([`the core worker failed: ${e.message}`]));
      this.#pending.clear();
      this.#running = undefined;
    };
    return worker;
  }

  /** Run `method` in the worker. */
  call<M extends Method>(method: M, params: CoreApi[M]["req"], opts: CallOptions = {}): Promise<Timed<CoreApi[M]["res"]>> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new DOMException("abandoned", "AbortError"));
      this.#pending.set(id, { method, params, resolve: resolve as (t: Timed<unknown>) => void, reject, onProgress: opts.onProgress, start: performance.now() });
      opts.signal?.addEventListener("abort", () => this.#abandon(id), { once: true });
      this.#send();
    });
  }

  /** Post the oldest waiting request when the worker is free. */
  #send() {
    if (this.#running !== undefined) return;
    const next = this.#pending.entries().next();
    if (next.done) return;
    const [id, p] = next.value;
    this.#running = id;
    this.#worker.postMessage({ id, method: p.method, params: p.params });
  }

  #abandon(id: number) {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    p.reject(new DOMException("abandoned", "AbortError"));
    // A waiting request was never posted; a running one in a plain lane finishes and its reply is dropped.
    if (id !== this.#running || !this.#restartable) return;
    // Stop the computation now; the waiting requests go to a fresh worker.
    this.#worker.terminate();
    this.#worker = this.#start();
    this.#running = undefined;
    this.#send();
  }

  #message(m: CoreMessage) {
    if ("progress" in m) {
      this.#pending.get(m.id)?.onProgress?.(m.progress);
      return;
    }
    if (m.id === this.#running) this.#running = undefined;
    const p = this.#pending.get(m.id);
    if (p) {
      this.#pending.delete(m.id);
      if (m.ok) p.resolve({ value: m.value, workerMs: m.ms, roundTripMs: performance.now() - p.start });
      else p.reject(new CoreError(m.errors));
    }
    this.#send();
  }
}

/**
 * Workers by lane: `interactive` serves the quick requests (catalog, compare, pareto, CSV);
 * `batch` the long ones (validation: seconds); `simulate`, `plan` and `pairings` the serving
 * views, whose abandoned runs are stopped. A long job never delays a recompute elsewhere: Plan's
 * pairings panel has its own lane, so editing it neither waits for nor restarts a plan.
 */
export type Lane = "interactive" | "batch" | "simulate" | "plan" | "pairings";

/** Lanes whose abandoned running request stops the worker. */
const RESTARTABLE: ReadonlySet<Lane> = new Set<Lane>(["simulate", "plan", "pairings"]);

const lanes = new Map<Lane, CoreClient>();

/** The core worker of a lane, started on first use. */
export function core(lane: Lane = "interactive"): CoreClient {
  let c = lanes.get(lane);
  if (!c) {
    const make = () => new Worker(new URL("../worker/worker.ts", import.meta.url), { type: "module", name: `infersim-core-${lane}` });
    c = new CoreClient(make, RESTARTABLE.has(lane));
    lanes.set(lane, c);
  }
  return c;
}

const LANES: Partial<Record<Method, Lane>> = { validation: "batch", simulate: "simulate", plan: "plan", pairings: "pairings" };

/** The lane a method runs in. */
export const laneOf = (method: Method): Lane => LANES[method] ?? "interactive";
