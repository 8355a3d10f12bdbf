/**
 * Continuous batching, vLLM-style (v0 default): new prompts go first — whole prompts, FCFS,
 * within the step's token budget, sequence cap and KV room — in a prefill-only step; otherwise
 * every running sequence decodes, preempting the newest when KV runs out.
 * @module
 */
import { decoding, fitDecodes, IDLE, type PrefillWork, type Scheduler, type SchedulerView, type StepPlan } from "./scheduler.js";

export function continuousScheduler(): Scheduler {
  return {
    plan(view: SchedulerView): StepPlan {
      const admitted: PrefillWork[] = [];
      let tokens = 0;
      let free = view.kv.available;
      let seqs = view.running.length;
      for (let i = 0; i < view.waiting.length; i++) {
        const s = view.waiting.at(i)!;
        const t = Math.max(1, s.prefillLeft - view.kv.hits(s));
        if (seqs + 1 > view.maxSeqs) break;
        if (admitted.length > 0 && tokens + t > view.maxTokens) break;
        const blocks = view.kv.admission(s, s.prefillTarget);
        if (blocks > free) break; // head-of-line: FCFS
        admitted.push({ seq: s, tokens: t });
        tokens += t;
        free -= blocks;
        seqs++;
      }
      if (admitted.length) return { prefill: admitted, decode: [], preempt: [] };
      const decodes = decoding(view);
      if (!decodes.length) return IDLE;
      const { keep, preempt } = fitDecodes(view, decodes);
      return { prefill: [], decode: keep, preempt };
    },
  };
}
