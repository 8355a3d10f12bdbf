/**
 * `simulate`: a request-level discrete-event simulation of one or more replicas (or a prefill pool
 * and a decode pool with KV transfer) serving a workload. Events — arrivals, step ends, KV
 * transfers, wake-ups, cancellations — run in (time, insertion) order; every step's time comes from
 * the core step cost. Pure and deterministic: same workload, config and seed ⇒ the same report.
 * @module
 */
import { assert, internalError } from "../errors.js";
import { kvBytesForContext, memoryPlan } from "../perf/memory-plan.js";
import { costModel } from "../perf/step-cost.js";
import type { Deployment } from "../perf/deployment.js";
import { makeScheduler, type SchedulerName } from "../sched/registry.js";
import type { SpeculativeSpec } from "../perf/speculative.js";
import type { Slo } from "../workload/preset-schema.js";
import { Rng } from "../workload/random.js";
import type { RequestSpec, WorkloadSource } from "../workload/request.js";
import { EventQueue } from "./event-queue.js";
import { KvCache, type KvLoad } from "./kv-cache.js";
import { Metrics, type MeasurementWindow, type SimulationReport } from "./metrics.js";
import { Replica } from "./replica.js";
import { makeRouter, type Router, type RouterName } from "./router.js";
import { peakContext, Seq } from "./sequence.js";
import { StepPricer } from "./step-price.js";
import { speculationFor } from "./speculation.js";
import { TraceRecorder } from "./trace.js";
import type { BytesPerSecond, Seconds } from "../units.js";

export interface PoolSpec {
  readonly deployment: Deployment;
  readonly replicas: number;
}

/** The link KV crosses between a prefill pool and a decode pool. */
export interface KvLink {
  /** Per transfer. */
  readonly bandwidth: BytesPerSecond;
  /** Per transfer (propagation + setup). */
  readonly latency: Seconds;
  /** Fixed software cost per transfer. */
  readonly overhead: Seconds;
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
  /** Measure latencies and rates over a steady-state window only (see MeasurementWindow). */
  readonly window?: MeasurementWindow;
  /** Called every few thousand events with the simulated time and requests completed. */
  readonly onProgress?: (time: number, completed: number, arrived: number) => void;
}

type Ev =
  | { readonly type: "arrival"; readonly req: RequestSpec; readonly fromSource: boolean }
  | { readonly type: "step"; readonly rep: Replica }
  | { readonly type: "wake"; readonly rep: Replica }
  /** A prompt's KV arrives: from `seq.replica` (prefill) to `seq.handoffTo` (decode); the prefill-side blocks and entries travel with it. */
  | { readonly type: "transfer"; readonly seq: Seq; readonly blocks: number; readonly entries: readonly number[]; readonly started: number }
  | { readonly type: "cancel"; readonly seq: Seq };

/** Events between progress reports (often enough for a live bar, rarely enough to cost nothing measurable). */
const PROGRESS_EVERY_EVENTS = 20_000;

interface Pool {
  readonly replicas: Replica[];
  /** Why the pool cannot serve at all (its weights and activations leave no memory for KV). */
  readonly unfit: string | undefined;
}

function buildPool(name: string, spec: PoolSpec, scheduler: SchedulerName, opts: { prefix: boolean; prefixTokens: number; speculative: SpeculativeSpec | undefined; rng: Rng; maxWait: number | undefined; load: KvLoad }): Pool {
  const d = spec.deployment;
  const cm = costModel(d);
  const plan = memoryPlan(d, { batch: 1, context: 1 }, cm.shard);
  const sp = speculationFor(cm, opts.speculative);
  // One pricer for the pool: its replicas share the cost model, so they share the memo of step times.
  const pricer = new StepPricer(cm, sp?.verify ?? 1);
  const replicas: Replica[] = [];
  for (let i = 0; i < spec.replicas; i++) {
    const sched = makeScheduler(scheduler, opts.maxWait !== undefined ? { maxWait: opts.maxWait } : {});
    const kv = new KvCache(cm.shard, plan.kvPoolBytes, { prefix: opts.prefix, prefixTokens: opts.prefixTokens, load: opts.load });
    replicas.push(new Replica(i, name, d, pricer, sched, kv, sp, opts.rng.fork(`${name}/${i}`)));
  }
  const unfit = plan.fits ? undefined : `${name === "main" ? "" : `${name} pool: `}${d.chips} × ${d.hardware.id}: ${plan.reason ?? "does not fit"}`;
  return { replicas, unfit };
}

/** Longest context (tokens) one sequence can hold on an empty replica of the pool. */
const holds = (pool: readonly Replica[]) => pool.reduce((m, r) => Math.max(m, r.kv.maxTokens), 0);

export function simulate(source: WorkloadSource, config: SimulationConfig): SimulationReport {
  const rng = new Rng(config.seed).fork("sim");
  const dis = config.disaggregated;
  const load: KvLoad = { sum: 0 };
  const common = { prefix: config.prefixCaching ?? true, prefixTokens: source.blockTokens, rng, maxWait: config.staticMaxWait, load };
  let front: Pool;
  let back: Pool | undefined;
  if (dis) {
    front = buildPool("prefill", dis.prefill, "prefill-only", { ...common, speculative: undefined });
    // The decode pool runs chunked batching: arrivals come with their KV, and a sequence preempted
    // for KV recomputes its context there like on any replica.
    back = buildPool("decode", dis.decode, "chunked", { ...common, prefix: false, speculative: config.speculative });
  } else {
    assert(config.deployment, "simulate needs a deployment or a disaggregated pair");
    front = buildPool("main", { deployment: config.deployment, replicas: config.replicas ?? 1 }, config.scheduler ?? "chunked", { ...common, speculative: config.speculative });
  }
  const fronts = front.replicas;
  const backs = back?.replicas;
  const all = backs ? [...fronts, ...backs] : fronts;
  const unfit = front.unfit ?? back?.unfit;
  const router: Router = makeRouter(config.router ?? "least-outstanding");
  const decodeRouter: Router = makeRouter("least-outstanding");
  const maxContext = (dis ? dis.decode.deployment : config.deployment!).model.maxContext;
  const q = new EventQueue<Ev>();
  const m = new Metrics(config.slo, all, maxContext, load, config.window);
  const trace = config.traceEvents ? new TraceRecorder(config.traceEvents) : undefined;
  const byUser = new Map<number, Seq>();
  const maxTime = config.maxTime;
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

  // A request that cannot fit an empty replica is rejected at once (as engines do): the prefill pool
  // holds its prompt; the pool that decodes it, its peak context (peakContext).
  const frontHolds = holds(fronts);
  const decodeHolds = backs ? holds(backs) : frontHolds;
  const decodeVerify = (backs ?? fronts)[0]?.verify ?? 1;
  const fitsAnywhere = (req: RequestSpec) => (!backs || req.input <= frontHolds) && peakContext(req, decodeVerify) <= decodeHolds;

  const pullSource = () => {
    const r = source.nextArrival();
    if (r) q.push(r.arrival, { type: "arrival", req: r, fromSource: true });
  };

  /** Start the replica's next step if it is idle — the one call made whenever a replica's KV or queues change. */
  const tryStart = (rep: Replica) => {
    if (rep.inbound.length) admitTransfers(rep);
    if (rep.busy) return;
    const duration = rep.start(now);
    if (duration >= 0) {
      q.push(now + duration, rep.stepEvent);
      trace?.step(rep, now, duration);
      m.sample(now);
    } else if (rep.wantsWake >= 0 && (rep.wakeAt < 0 || rep.wantsWake < rep.wakeAt)) {
      rep.wakeAt = rep.wantsWake;
      q.push(Math.max(now, rep.wakeAt), rep.wakeEvent);
    }
  };

  /** Decode replica: start the KV transfers of the prompts queued for it, in order, while its KV has room. */
  const admitTransfers = (to: Replica) => {
    const link = dis!.link;
    for (let s = to.inbound.at(0); s; s = to.inbound.at(0)) {
      if (to.kv.blocksFor(s.input + 1) > to.kv.available) break;
      to.inbound.shift();
      const from = s.replica!;
      const blocks = s.blocks;
      const entries = s.entries;
      s.blocks = 0;
      s.entries = [];
      to.kv.grow(s, 1);
      s.state = "transferring";
      let wire = kvBytesForContext(from.pricer.cm.shard, s.input) / link.bandwidth;
      if (link.layerwise) {
        // Layers stream while the prompt computes, hiding up to the prefill's duration; time spent
        // waiting for decode room after the prefill ended eats into that.
        const hidden = Math.max(0, s.prefilledAt - s.admittedAt - (now - s.prefilledAt));
        wire = Math.max(wire / from.deployment.model.numLayers, wire - hidden);
      }
      q.push(now + link.latency + link.overhead + wire, { type: "transfer", seq: s, blocks, entries, started: now });
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

  /** The token that completes a prompt (its first, or the next after a recompute), on `rep`. */
  const emitFirst = (s: Seq, rep: Replica) => {
    if (s.generated < s.output) s.generated++;
    if (s.firstTokenAt < 0) m.firstToken(s, now);
    else {
      m.tokens(now, 1);
      if (m.measures(s)) m.gap(now - s.lastTokenAt);
    }
    s.lastTokenAt = now;
    if (s.generated >= s.output) finish(s, rep);
  };

  const cancel = (seq: Seq) => {
    if (seq.state === "done" || seq.state === "cancelled") return;
    const rep = seq.replica;
    const to = seq.handoffTo;
    if (seq.state === "handoff") {
      // Prompt done, queued for a decode replica: drop it there and free its prefill-side KV.
      to!.inbound.remove(seq);
      rep!.kv.release(seq);
    } else if (rep && seq.state !== "transferring") rep.drop(seq); // a transfer frees both sides on arrival
    seq.state = "cancelled";
    release(seq);
    m.cancelled(seq);
    followUps(seq, true);
    if (rep) tryStart(rep);
    if (to) tryStart(to); // the prompts queued behind it may fit now
  };

  const onArrival = (req: RequestSpec) => {
    const seq = new Seq(req);
    m.arrived(seq);
    // Engines refuse a request whose prompt + requested output exceed the model's context window.
    const tooLong = req.input + req.output > maxContext;
    if (tooLong || !fitsAnywhere(req)) {
      seq.state = "cancelled";
      m.rejected(tooLong ? "context" : "kv");
      followUps(seq, true);
      return;
    }
    if (req.user !== undefined) {
      const prev = byUser.get(req.user);
      if (prev && req.supersedes) cancel(prev);
      byUser.set(req.user, seq);
    }
    if (req.cancelAfter !== undefined) q.push(req.arrival + req.cancelAfter, { type: "cancel", seq });
    const rep = router.pick(req, fronts);
    seq.replica = rep;
    rep.waiting.push(seq);
    tryStart(rep);
  };

  const onStep = (rep: Replica) => {
    const out = rep.finish();
    trace?.counter(rep, now);
    for (let i = 0; i < out.nPrefilled; i++) {
      const s = out.prefilled[i]!;
      if (backs && rep.pool === "prefill") {
        // The prompt's KV moves to a decode replica; TTFT counts the transfer.
        rep.handOff(s);
        s.prefilledAt = now;
        s.state = "handoff";
        const to = decodeRouter.pick(s.spec, backs);
        s.handoffTo = to;
        to.inbound.push(s);
        tryStart(to);
        continue;
      }
      emitFirst(s, rep);
    }
    // Sequences that also emitted in the previous step share one gap: record runs of equal gaps at once.
    m.tokens(now, out.tokens);
    const everyone = !config.window;
    let gap = -1;
    let run = 0;
    for (let i = 0; i < out.nEmitted; i++) {
      const s = out.emitted[i]!;
      if (!everyone && !m.measures(s)) {
        s.lastTokenAt = now;
        continue;
      }
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
    for (let i = 0; i < out.nFinished; i++) {
      const s = out.finished[i]!;
      if (s.state === "running") finish(s, rep);
    }
    tryStart(rep);
  };

  const onTransfer = (ev: Extract<Ev, { type: "transfer" }>) => {
    const s = ev.seq;
    const from = s.replica!;
    const to = s.handoffTo!;
    s.handoffTo = undefined;
    from.kv.releaseParts(ev.blocks, ev.entries);
    tryStart(from);
    m.transfer(now - ev.started);
    if (s.state === "cancelled") to.kv.release(s);
    else {
      s.state = "running";
      s.replica = to;
      to.running.push(s);
      emitFirst(s, to);
    }
    tryStart(to);
  };

  pullSource();
  let events = 0;
  for (;;) {
    const e = q.pop();
    if (e === undefined) break;
    const t = q.time;
    if (t < now - 1e-12) throw internalError(`time went back from ${now} to ${t}`);
    if (maxTime !== undefined && t > maxTime) {
      // Stop the clock at maxTime, not at the first event past it.
      now = Math.max(now, maxTime);
      break;
    }
    now = Math.max(now, t);
    m.advance(now);
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
    if (config.onProgress && ++events % PROGRESS_EVERY_EVENTS === 0) config.onProgress(now, m.completed, m.arrivedCount);
  }
  config.onProgress?.(now, m.completed, m.arrivedCount);
  // KV is conserved: once drained, every block is free again (only unreferenced prefix entries remain).
  if (m.arrivedCount === m.completed + m.cancelledCount + m.rejectedCount) {
    for (const rep of all) {
      assert(rep.kv.used === rep.kv.evictable && rep.running.length === 0 && rep.waiting.length === 0, () => `KV or requests left on ${rep.pool}/${rep.index} after draining: ${rep.kv.used - rep.kv.evictable} blocks, ${rep.running.length} running`);
      assert(rep.inbound.length === 0, "requests left waiting for a decode replica");
    }
  }
  return report();
}
