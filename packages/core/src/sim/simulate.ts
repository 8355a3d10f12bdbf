/**
 * `simulate`: a request-level discrete-event simulation of one or more replicas (or a prefill pool
 * and a decode pool with KV transfer) serving a workload. Events — arrivals, step ends, KV
 * transfers, wake-ups, cancellations — run in (time, insertion) order; every step's time comes from
 * the core step cost. Pure and deterministic: same workload, config and seed ⇒ the same report.
 * @module
 */
import { assert } from "../errors.js";
import { kvBytesForContext, memoryPlan } from "../perf/memory-plan.js";
import { costModel } from "../perf/step-cost.js";
import type { Deployment } from "../perf/deployment.js";
import { makeScheduler, type SchedulerName } from "../sched/registry.js";
import type { SpeculativeSpec } from "../perf/speculative.js";
import type { Slo } from "../workload/preset-schema.js";
import { Rng } from "../workload/random.js";
import type { RequestSpec, WorkloadSource } from "../workload/request.js";
import { EventQueue } from "./event-queue.js";
import { KvCache } from "./kv-cache.js";
import { Metrics, type SimulationReport } from "./metrics.js";
import { Replica, type Speculation } from "./replica.js";
import { makeRouter, type Router, type RouterName } from "./router.js";
import { Seq } from "./sequence.js";
import { speculationFor } from "./speculation.js";
import { TraceRecorder } from "./trace.js";

export interface PoolSpec {
  readonly deployment: Deployment;
  readonly replicas: number;
}

/** The link KV crosses between a prefill pool and a decode pool. */
export interface KvLink {
  /** Bytes per second per transfer. */
  readonly bandwidth: number;
  /** Seconds per transfer (propagation + setup). */
  readonly latency: number;
  /** Fixed software cost per transfer, s. */
  readonly overhead: number;
  /** Stream KV layer by layer while prefill runs: only the part not hidden behind the prefill remains. */
  readonly layerwise: boolean;
}

export interface SimulationConfig {
  /** Aggregated serving: `replicas` copies of `deployment`, each running `scheduler`. */
  readonly deployment?: Deployment;
  readonly replicas?: number;
  readonly scheduler?: Exclude<SchedulerName, "prefill-only">;
  /** Disaggregated serving: a prefill pool and a decode pool (same or different hardware) joined by a link. */
  readonly disaggregated?: { readonly prefill: PoolSpec; readonly decode: PoolSpec; readonly link: KvLink };
  readonly router?: RouterName;
  /** Prefix caching (default on when the workload carries block hashes). */
  readonly prefixCaching?: boolean;
  readonly speculative?: SpeculativeSpec;
  readonly slo?: Slo;
  readonly seed: number;
  /** Record a Chrome/Perfetto trace of up to this many events (0 or absent: none). */
  readonly traceEvents?: number;
  /** Stop at this simulated time, s (requests in flight are reported as unfinished). */
  readonly maxTime?: number;
  /** Static batching: longest wait for a full batch, s. */
  readonly staticMaxWait?: number;
  /** Called every few thousand events with the simulated time and requests completed. */
  readonly onProgress?: (time: number, completed: number, arrived: number) => void;
}

type Ev =
  | { readonly type: "arrival"; readonly req: RequestSpec; readonly fromSource: boolean }
  | { readonly type: "step"; readonly rep: Replica }
  | { readonly type: "wake"; readonly rep: Replica }
  | { readonly type: "transfer"; readonly seq: Seq; readonly from: Replica; readonly to: Replica; readonly blocks: number; readonly entries: readonly number[]; readonly started: number }
  | { readonly type: "cancel"; readonly seq: Seq };

function buildPool(name: string, spec: PoolSpec, scheduler: SchedulerName, opts: { prefix: boolean; prefixTokens: number; spec: Speculation | undefined; rng: Rng; maxWait: number | undefined }): Replica[] {
  const d = spec.deployment;
  const cm = costModel(d);
  const plan = memoryPlan(d, { batch: 1, context: 1 }, cm.shard);
  const out: Replica[] = [];
  for (let i = 0; i < spec.replicas; i++) {
    const sched = makeScheduler(scheduler, opts.maxWait !== undefined ? { maxWait: opts.maxWait } : {});
    out.push(new Replica(i, name, d, cm, sched, new KvCache(cm.shard, plan.kvPoolBytes, { prefix: opts.prefix, prefixTokens: opts.prefixTokens }), opts.spec, opts.rng.fork(`${name}/${i}`)));
  }
  return out;
}

export function simulate(source: WorkloadSource, config: SimulationConfig): SimulationReport {
  const rng = new Rng(config.seed).fork("sim");
  const dis = config.disaggregated;
  const prefix = config.prefixCaching ?? true;
  const common = { prefix, prefixTokens: source.blockTokens, rng, maxWait: config.staticMaxWait };
  let front: Replica[];
  let back: Replica[] | undefined;
  if (dis) {
    front = buildPool("prefill", dis.prefill, "prefill-only", { ...common, spec: undefined });
    // The decode pool runs chunked batching: arrivals come with their KV, and a sequence preempted
    // for KV recomputes its context there like on any replica.
    back = buildPool("decode", dis.decode, "chunked", { ...common, prefix: false, spec: speculationFor(costModel(dis.decode.deployment), config.speculative) });
  } else {
    assert(config.deployment, "simulate needs a deployment or a disaggregated pair");
    const d = config.deployment;
    front = buildPool("main", { deployment: d, replicas: config.replicas ?? 1 }, config.scheduler ?? "chunked", { ...common, spec: speculationFor(costModel(d), config.speculative) });
  }
  const all = back ? [...front, ...back] : front;
  const unfit = dis ? (unfitReason("prefill", dis.prefill.deployment) ?? unfitReason("decode", dis.decode.deployment)) : unfitReason("main", config.deployment!);
  const router: Router = makeRouter(config.router ?? "least-outstanding");
  const decodeRouter: Router = makeRouter("least-outstanding");
  const inbound = new Map<Replica, Seq[]>(back?.map((r) => [r, []]) ?? []);
  const q = new EventQueue<Ev>();
  const m = new Metrics(config.slo, all);
  const trace = config.traceEvents ? new TraceRecorder(config.traceEvents) : undefined;
  const byUser = new Map<number, Seq>();
  let now = 0;
  const report = () =>
    m.report({
      now,
      workload: source.name,
      scheduler: dis ? "disaggregated" : (config.scheduler ?? "chunked"),
      router: config.router ?? "least-outstanding",
      replicas: all.length,
      seed: config.seed,
      trace,
      unfit,
    });
  // A deployment whose weights do not fit is a result, not a run that rejects every request.
  if (unfit) return report();

  const pullSource = () => {
    const r = source.nextArrival();
    if (r) q.push(r.arrival, { type: "arrival", req: r, fromSource: true });
  };

  const tryStart = (rep: Replica) => {
    if (rep.busy) return;
    const r = rep.start(now);
    if ("duration" in r) {
      q.push(now + r.duration, rep.stepEvent);
      trace?.step(rep, now, r.duration);
      m.sample(now);
    } else if (r.wakeAt !== undefined && (rep.wakeAt < 0 || r.wakeAt < rep.wakeAt)) {
      rep.wakeAt = r.wakeAt;
      q.push(Math.max(now, r.wakeAt), rep.wakeEvent);
    }
  };

  const followUps = (seq: Seq, cancelled: boolean) => {
    for (const f of source.onFinish(seq.spec, now, cancelled)) q.push(Math.max(now, f.arrival), { type: "arrival", req: f, fromSource: false });
  };

  const release = (seq: Seq) => {
    if (seq.spec.user !== undefined && byUser.get(seq.spec.user) === seq) byUser.delete(seq.spec.user);
  };

  const finish = (seq: Seq, rep: Replica) => {
    seq.state = "done";
    rep.drop(seq);
    release(seq);
    m.finished(seq, now);
    trace?.request(seq, now);
    followUps(seq, false);
  };

  const cancel = (seq: Seq) => {
    if (seq.state === "done" || seq.state === "cancelled") return;
    const rep = (seq.pool === "decode" ? back! : front)[seq.replica];
    if (seq.state === "handoff") {
      // Prompt done, queued for a decode replica: drop it there and free its prefill-side KV.
      for (const list of inbound.values()) {
        const i = list.indexOf(seq);
        if (i >= 0) list.splice(i, 1);
      }
      rep?.kv.release(seq);
    } else if (rep && seq.state !== "transferring") rep.drop(seq);
    seq.state = "cancelled";
    release(seq);
    m.cancelled(seq);
    followUps(seq, true);
    if (rep) tryStart(rep);
  };

  const admitTransfers = (to: Replica) => {
    const list = inbound.get(to)!;
    while (list.length) {
      const s = list[0]!;
      const need = to.kv.blocksFor(s.input + 1);
      if (need > to.kv.available) break;
      list.shift();
      const from = front[s.replica]!;
      const parts = { blocks: s.blocks, entries: s.entries };
      s.blocks = 0;
      s.entries = [];
      to.kv.grow(s, 1);
      s.state = "transferring";
      const link = dis!.link;
      const bytes = kvBytesForContext(from.cm.shard, s.input);
      let wire = bytes / link.bandwidth;
      if (link.layerwise) wire = Math.max(wire / from.deployment.model.numLayers, wire - (s.lastTokenAt - s.admittedAt));
      q.push(now + link.latency + link.overhead + wire, { type: "transfer", seq: s, from, to, blocks: parts.blocks, entries: parts.entries, started: now });
    }
  };

  // A request whose prompt and output cannot fit in an empty replica's KV is rejected at once (as engines do).
  const fitsAnywhere = (req: RequestSpec) => {
    const need = (pool: readonly Replica[]) => pool.some((r) => r.kv.blocksFor(req.input + req.output) <= r.kv.capacity);
    return need(front) && (!back || need(back));
  };

  const maxContext = (dis ? dis.decode.deployment : config.deployment!).model.maxContext;
  const onArrival = (req: RequestSpec) => {
    const seq = new Seq(req);
    m.arrived(seq);
    // Engines refuse a request whose prompt + requested output exceed the model's context window.
    const tooLong = req.input + req.output > maxContext;
    if (tooLong || !fitsAnywhere(req)) {
      seq.state = "cancelled";
      m.rejected(seq, tooLong ? "context" : "kv", maxContext);
      followUps(seq, true);
      return;
    }
    if (req.user !== undefined) {
      const prev = byUser.get(req.user);
      if (prev && req.supersedes) cancel(prev);
      byUser.set(req.user, seq);
    }
    if (req.cancelAfter !== undefined) q.push(req.arrival + req.cancelAfter, { type: "cancel", seq });
    const rep = router.pick(req, front);
    seq.pool = rep.pool;
    seq.replica = rep.index;
    rep.waiting.push(seq);
    tryStart(rep);
  };

  const onStep = (rep: Replica) => {
    const out = rep.finish();
    trace?.counter(rep, now);
    for (const s of out.prefilled) {
      if (back && rep.pool === "prefill") {
        // The prompt's KV moves to a decode replica; TTFT counts the transfer.
        rep.handOff(s);
        s.lastTokenAt = now;
        s.state = "handoff";
        const to = decodeRouter.pick(s.spec, back);
        inbound.get(to)!.push(s);
        admitTransfers(to);
        continue;
      }
      if (s.generated < s.output) s.generated++;
      if (s.firstTokenAt < 0) m.firstToken(s, now);
      else m.gap(now - s.lastTokenAt);
      s.lastTokenAt = now;
      if (s.generated >= s.output) finish(s, rep);
    }
    // Sequences that also emitted in the previous step share one gap: record runs of equal gaps at once.
    let gap = -1;
    let run = 0;
    for (const s of out.emitted) {
      const g = now - s.lastTokenAt;
      if (g === gap) run++;
      else {
        if (run) m.gap(gap, run);
        gap = g;
        run = 1;
      }
      s.lastTokenAt = now;
    }
    if (run) m.gap(gap, run);
    for (const s of out.finished) if (s.state === "running") finish(s, rep);
    if (rep.pool === "decode") admitTransfers(rep);
    tryStart(rep);
  };

  const onTransfer = (ev: Extract<Ev, { type: "transfer" }>) => {
    const s = ev.seq;
    ev.from.kv.releaseParts(ev.blocks, ev.entries);
    tryStart(ev.from);
    m.transfer(now - ev.started);
    if (s.state === "cancelled") {
      ev.to.kv.release(s);
      return;
    }
    s.state = "running";
    s.pool = ev.to.pool;
    s.replica = ev.to.index;
    ev.to.running.push(s);
    if (s.generated < s.output) s.generated++;
    m.firstToken(s, now);
    s.lastTokenAt = now;
    if (s.generated >= s.output) finish(s, ev.to);
    admitTransfers(ev.to);
    tryStart(ev.to);
  };

  pullSource();
  let events = 0;
  for (;;) {
    const ev = q.pop();
    if (!ev) break;
    assert(ev.t >= now - 1e-12, () => `time went back from ${now} to ${ev.t}`);
    now = Math.max(now, ev.t);
    if (config.maxTime !== undefined && now > config.maxTime) break;
    const e = ev.e;
    switch (e.type) {
      case "arrival":
        if (e.fromSource) pullSource();
        onArrival(e.req);
        break;
      case "step":
        onStep(e.rep);
        break;
      case "wake":
        e.rep.wakeAt = -1;
        tryStart(e.rep);
        break;
      case "transfer":
        onTransfer(e);
        break;
      case "cancel":
        cancel(e.seq);
        break;
    }
    if (config.onProgress && ++events % 20000 === 0) config.onProgress(now, m.completed, m.arrivedCount);
  }
  config.onProgress?.(now, m.completed, m.arrivedCount);
  // KV is conserved: once drained, every block is free again (only unreferenced prefix entries remain).
  if (m.arrivedCount === m.completed + m.cancelledCount + m.rejectedCount) {
    for (const rep of all) assert(rep.kv.used === rep.kv.evictable && rep.running.length === 0 && rep.waiting.length === 0, () => `KV or requests left on ${rep.pool}/${rep.index} after draining: ${rep.kv.used - rep.kv.evictable} blocks, ${rep.running.length} running`);
    for (const list of inbound.values()) assert(list.length === 0, "requests left waiting for a decode replica");
  }
  return report();
}

/** Why a pool cannot serve at all: its weights and activations leave no memory for KV. */
function unfitReason(pool: string, d: Deployment): string | undefined {
  const plan = memoryPlan(d, { batch: 1, context: 1 });
  return plan.fits ? undefined : `${pool === "main" ? "" : `${pool} pool: `}${d.chips} × ${d.hardware.id}: ${plan.reason ?? "does not fit"}`;
}
