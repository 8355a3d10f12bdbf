import { describe, expect, it } from "vitest";
import { deploy } from "../../test/helpers.js";
import { costModel, makeScheduler, Rng } from "../index.js";
import { kvBytesForContext, KV_BLOCK_TOKENS } from "../perf/memory-plan.js";
import { KvCache } from "./kv-cache.js";
import { Replica } from "./replica.js";
import { Seq } from "./sequence.js";
import { StepPricer } from "./step-price.js";

describe("replica: applying a step plan", () => {
  it("a prompt admitted beside another keeps the prefix-cache hits its plan counted on (continuous batching)", () => {
    const d = deploy("h100-sxm", "llama-3.1-8b", { chips: 1 });
    const cm = costModel(d);
    const blocks = 41; // 656 tokens
    const kv = new KvCache(cm.shard, blocks * kvBytesForContext(cm.shard, KV_BLOCK_TOKENS), { prefix: true, prefixTokens: 16 });
    expect(kv.capacity).toBe(blocks);
    const rep = new Replica(0, "test", d, new StepPricer(cm, 1), makeScheduler("continuous"), kv, undefined, new Rng(1));
    const hashes = Array.from({ length: 32 }, (_, i) => i + 1);
    const seq = (id: number, input: number, withPrefix: boolean) => new Seq({ id, arrival: 0, input, output: 4, ...(withPrefix ? { blocks: hashes.slice(0, Math.ceil(input / 16)) } : {}) });
    // A donor computes a 512-token prompt and leaves: its prefix entries stay, unreferenced.
    const donor = seq(1, 512, true);
    rep.waiting.push(donor);
    expect(rep.start(0)).toBeGreaterThan(0);
    rep.finish();
    rep.drop(donor);
    expect(kv.evictable).toBeGreaterThan(0);
    // 9 blocks are free. Next: a cold 256-token prompt (16 blocks), then a 385-token one whose first
    // 384 tokens hit the donor's prefix (3 entries of 8 blocks, plus 1 block of its own). Both fit
    // (16 + 25 = 41) only if the cold prompt's growth evicts the donor's 4th entry, which nobody
    // asked for, not the entries the second prompt's plan counts on.
    const cold = seq(2, 256, false);
    const warm = seq(3, 385, true);
    rep.waiting.push(cold);
    rep.waiting.push(warm);
    expect(rep.start(1)).toBeGreaterThan(0);
    expect(rep.plan?.prefill.map((w) => w.seq.spec.id)).toEqual([2, 3]);
    rep.finish();
    expect(warm.cached).toBeGreaterThan(0);
    expect(cold.decoding && warm.decoding).toBe(true); // both prompts done: decoding, none stranded mid-prompt
    expect(kv.used).toBeLessThanOrEqual(kv.capacity);
  });
});
