/**
 * Chunked prefill (Sarathi-Serve; vLLM v1's default): every step first carries all decodes, then
 * fills the rest of the token budget with prompt chunks — running partial prompts first, then
 * new admissions (FCFS, KV permitting). Decodes never stall behind a long prompt.
 * @module
 */
import type { Seq } from "../sim/sequence.js";
import { decoding, fitDecodes, IDLE, type PrefillWork, type Scheduler, type SchedulerView, type StepPlan } from "./scheduler.js";

export function chunkedScheduler(opts: { decodes?: boolean } = {}): Scheduler {
  const withDecodes = opts.decodes ?? true;
  return {
    plan(view: SchedulerView): StepPlan {
      let decode: readonly Seq[] = [];
      let preempt: readonly Seq[] = [];
      let free = view.kv.available;
      if (withDecodes) {
        const fit = fitDecodes(view, decoding(view));
        decode = fit.keep;
        preempt = fit.preempt;
        free += fit.freed - fit.need;
      }
      let budget = view.maxTokens - decode.length * view.tokensPerDecode;
      const prefill: PrefillWork[] = [];
      // Partial prompts already running continue first. (Only decoding sequences are ever preempted,
      // and a sequence with prompt left is not decoding: none of these is in `preempt`.)
      for (const s of view.running) {
        if (budget <= 0) break;
        if (s.prefillLeft <= 0) continue;
        const t = Math.min(budget, s.prefillLeft);
        const g = view.kv.growth(s, t);
        if (g > free) break;
        prefill.push({ seq: s, tokens: t });
        free -= g;
        budget -= t;
      }
      let seqs = view.running.length - preempt.length;
      // Indexed, not iterated: this runs every step, and a generator per step is garbage.
      for (let i = 0; i < view.waiting.length; i++) {
        const s = view.waiting.at(i)!;
        if (budget <= 0 || seqs + 1 > view.maxSeqs) break;
        const left = Math.max(1, s.prefillLeft - view.kv.hits(s));
        const t = Math.min(budget, left);
        const blocks = view.kv.admission(s, s.prefillTarget - left + t);
        if (blocks > free) break;
        prefill.push({ seq: s, tokens: t });
        free -= blocks;
        budget -= t;
        seqs++;
      }
      if (!prefill.length && !decode.length && !preempt.length) return IDLE;
      return { prefill, decode, preempt };
    },
  };
}
