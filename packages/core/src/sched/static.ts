/**
 * Static batching (FasterTransformer / TensorRT-LLM gptSession style): when idle, wait until
 * `maxSeqs` requests are queued or the oldest has waited `maxWait`, admit them as one batch,
 * prefill it (in budget-sized chunks), decode until every member finishes; no admissions meanwhile.
 * @module
 */
import { peakContext } from "../sim/sequence.js";
import { decoding, fitDecodes, IDLE, type PrefillWork, type Scheduler, type SchedulerOptions, type SchedulerView, type StepPlan } from "./scheduler.js";

/**
 * Default batch formation wait, s. An estimate, not an engine default (static-batching servers
 * leave the batching delay to the user): short next to typical TTFT targets, long enough for a
 * batch to gather a few requests at moderate load.
 */
export const STATIC_MAX_WAIT = 0.05;

export function staticScheduler(opts: SchedulerOptions = {}): Scheduler {
  const maxWait = opts.maxWait ?? STATIC_MAX_WAIT;
  return {
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
        // The batch reserved its whole KV at admission, so its decodes fit; `fitDecodes` keeps the
        // recompute policy as the backstop all schedulers share.
        const decodes = decoding(view);
        if (!decodes.length) return IDLE;
        const { keep, preempt } = fitDecodes(view, decodes);
        return { prefill: [], decode: keep, preempt };
      }
      const head = view.waiting.at(0);
      if (!head) return IDLE;
      const full = view.waiting.length >= view.maxSeqs;
      const waited = view.now - head.spec.arrival;
      if (!full && waited < maxWait) return { ...IDLE, wakeAt: head.spec.arrival + maxWait };
      const prefill: PrefillWork[] = [];
      let free = view.kv.available;
      let budget = view.maxTokens;
      for (let i = 0; i < view.waiting.length; i++) {
        const s = view.waiting.at(i)!;
        if (prefill.length >= view.maxSeqs) break;
        // Reserve the whole context, as admission control does (peakContext).
        const blocks = view.kv.admission(s, peakContext(s, view.tokensPerDecode));
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
