/**
 * The core's Web Worker: receives {@link CoreRequest}s, runs the matching handler and posts a
 * {@link CoreReply} with the time it took. Input problems (the core's `InputError`) come back as
 * rendered issues; anything else as its message. Heavy work never blocks the page.
 * @module
 */
import { InputError, formatIssue } from "@infersim/core";
import { catalogData } from "./catalog-data";
import { compare } from "./compare";
import { parseCustom } from "./custom";
import { pareto } from "./pareto";
import { validation } from "./validation";
import { csv } from "./csv";
import type { CoreApi, CoreReply, CoreRequest, Method } from "./protocol";

type Handlers = { [M in Method]: (params: CoreApi[M]["req"]) => CoreApi[M]["res"] | Promise<CoreApi[M]["res"]> };

const handlers: Handlers = {
  catalog: (p) => catalogData(p.custom),
  compare,
  pareto,
  validation: () => validation(),
  parseCustom,
  csv,
};

const post = (reply: CoreReply) => self.postMessage(reply);

function errorsOf(err: unknown): string[] {
  if (err instanceof InputError) return err.issues.map(formatIssue);
  return [err instanceof Error ? err.message : String(err)];
}

self.onmessage = async (e: MessageEvent<CoreRequest>) => {
  const t0 = performance.now();
  const { id, method, params } = e.data;
  try {
    const handler = handlers[method] as (p: unknown) => unknown;
    const value: unknown = await handler(params);
    post({ id, ok: true, value, ms: performance.now() - t0 });
  } catch (err) {
    post({ id, ok: false, errors: errorsOf(err), ms: performance.now() - t0 });
  }
};
