/**
 * Static batching (FasterTransformer / TensorRT-LLM gptSession style): when idle, wait until
 * `maxSeqs` requests are queued or the oldest has waited `maxWait`, admit them as one batch,
 * prefill it (in budget-sized chunks), decode until every member finishes; no admissions meanwhile.
 * @module
 */
import { IDLE, type PrefillWork, type Scheduler, type SchedulerOptions, type SchedulerView, type StepPlan } from "./scheduler.js";

/** Default batch formation wait, s. */
export const STATIC_MAX_WAIT = 0.05;

export function staticScheduler(opts: SchedulerOptions = {}): Scheduler {
  const maxWait = opts.maxWait ?? STATIC_MAX_WAIT;
  return {
    name: "static",
    plan(view: SchedulerView): StepPlan {
      if (view.running.length > 0) {
        const prefill: PrefillWork[] = [];
        let budget = view.maxTokens;
        for (const s of view.running) {
          if (s.prefillLeft <= 0 || budget <= 0) continue;
          const t = Math.min(budget, s.prefillLeft);
          prefill.push({ seq: s, tokens: t });
          budget -= t;
        }
        if (prefill.length) return { prefill, decode: [], preempt: [] };
        // The batch reserved its full KV at admission, so decodes always fit.
        const decode = view.running.filter((s) => s.decoding);
        return decode.length ? { prefill: [], decode, preempt: [] } : IDLE;
      }
      const head = view.waiting.at(0);
      if (!head) return IDLE;
      const full = view.waiting.length >= view.maxSeqs;
      const waited = view.now - head.spec.arrival;
      if (!full && waited < maxWait) return { ...IDLE, wakeAt: head.spec.arrival + maxWait };
      const prefill: PrefillWork[] = [];
      let free = view.kv.available;
      let budget = view.maxTokens;
      for (const s of view.waiting) {
        if (prefill.length >= view.maxSeqs) break;
        const blocks = view.kv.admission(s, s.input + s.output);
        if (blocks > free) break;
        const t = Math.max(1, Math.min(Math.max(1, budget), s.prefillLeft - view.kv.hits(s)));
        prefill.push({ seq: s, tokens: budget > 0 ? t : 0 });
        free -= blocks;
        budget -= t;
      }
      return prefill.length ? { prefill, decode: [], preempt: [] } : IDLE;
    },
  };
}
