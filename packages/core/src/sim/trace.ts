/**
 * Chrome / Perfetto trace of a simulation (the JSON "Trace Event Format"): one track per replica
 * with a slice per engine step (tokens and sequences in its args), KV-use counters, and one async
 * span per request from arrival to last token. Bounded: recording stops at `limit` events.
 * Open the JSON in ui.perfetto.dev or chrome://tracing.
 * @module
 */
import type { Replica } from "./replica.js";
import type { Seq } from "./sequence.js";

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  pid: number;
  tid?: number;
  dur?: number;
  id?: number;
  cat?: string;
  args?: Record<string, number | string>;
}

const us = (s: number) => Math.round(s * 1e6 * 1000) / 1000;
const POOL_PID: Record<string, number> = { main: 1, prefill: 1, decode: 2 };

export class TraceRecorder {
  readonly #events: TraceEvent[] = [];
  #dropped = 0;

  constructor(readonly limit: number) {}

  #push(e: TraceEvent) {
    if (this.#events.length >= this.limit) {
      this.#dropped++;
      return;
    }
    this.#events.push(e);
  }

  step(rep: Replica, start: number, duration: number) {
    const plan = rep.plan;
    let prefill = 0;
    for (const w of plan?.prefill ?? []) prefill += w.tokens;
    this.#push({
      name: plan?.prefill.length ? (plan.decode.length ? "mixed step" : "prefill step") : "decode step",
      ph: "X",
      ts: us(start),
      dur: us(duration),
      pid: POOL_PID[rep.pool] ?? 1,
      tid: rep.index,
      args: { prefill_tokens: prefill, decodes: plan?.decode.length ?? 0, preempted: plan?.preempt.length ?? 0 },
    });
  }

  counter(rep: Replica, t: number) {
    this.#push({ name: `kv ${rep.pool}/${rep.index}`, ph: "C", ts: us(t), pid: POOL_PID[rep.pool] ?? 1, args: { used: Math.round(rep.kv.utilisation * 1000) / 10, waiting: rep.waiting.length } });
  }

  request(s: Seq, end: number) {
    const pid = 3;
    this.#push({ name: `request ${s.spec.id}`, cat: "request", ph: "b", ts: us(s.spec.arrival), pid, id: s.spec.id, args: { input: s.input, output: s.output } });
    if (s.firstTokenAt >= 0) this.#push({ name: "first token", cat: "request", ph: "n", ts: us(s.firstTokenAt), pid, id: s.spec.id });
    this.#push({ name: `request ${s.spec.id}`, cat: "request", ph: "e", ts: us(end), pid, id: s.spec.id });
  }

  toJSON(): { traceEvents: TraceEvent[]; displayTimeUnit: string; otherData: Record<string, string | number> } {
    const meta: TraceEvent[] = [
      { name: "process_name", ph: "M", ts: 0, pid: 1, args: { name: "replicas (prefill pool)" } },
      { name: "process_name", ph: "M", ts: 0, pid: 2, args: { name: "decode pool" } },
      { name: "process_name", ph: "M", ts: 0, pid: 3, args: { name: "requests" } },
    ];
    return { traceEvents: [...meta, ...this.#events], displayTimeUnit: "ms", otherData: { producer: "infersim", dropped_events: this.#dropped } };
  }
}
