/**
 * Routers spread requests over a pool's replicas: round-robin, least outstanding requests, or
 * prefix affinity (requests sharing their first prompt block — a user's context, an agent
 * session — go to the same replica so its prefix cache hits).
 * @module
 */
import type { RequestSpec } from "../workload/request.js";
import type { Replica } from "./replica.js";

export const ROUTERS = ["round-robin", "least-outstanding", "prefix-affinity"] as const;
export type RouterName = (typeof ROUTERS)[number];

export interface Router {
  pick(req: RequestSpec, replicas: readonly Replica[]): Replica;
}

function leastOutstanding(replicas: readonly Replica[]): Replica {
  let best = replicas[0]!;
  for (const r of replicas) if (r.outstanding < best.outstanding) best = r;
  return best;
}

/** 32-bit mix of an integer key (deterministic). */
function mix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

export function makeRouter(name: RouterName): Router {
  if (name === "round-robin") {
    let i = 0;
    return { pick: (_req, rs) => rs[i++ % rs.length]! };
  }
  if (name === "least-outstanding") return { pick: (_req, rs) => leastOutstanding(rs) };
  return {
    pick(req, rs) {
      const key = req.blocks?.[0] ?? req.session ?? req.user;
      if (key === undefined) return leastOutstanding(rs);
      return rs[mix(key) % rs.length]!;
    },
  };
}
