import { describe, expect, it } from "vitest";
import { deploy } from "../../test/helpers.js";
import { costModel, memoryPlan, type Deployment } from "../index.js";
import { KvCache } from "./kv-cache.js";

const cacheOf = (d: Deployment) => {
  const cm = costModel(d);
  return new KvCache(cm.shard, memoryPlan(d, { batch: 1, context: 1 }, cm.shard).kvPoolBytes, { prefix: false, prefixTokens: 16 });
};

describe("KV cache: the longest context an empty cache holds", () => {
  it("is capacity × 16 tokens with full attention", () => {
    const kv = cacheOf(deploy("h100-sxm", "llama-3.1-8b", { chips: 1 }));
    expect(kv.maxTokens).toBe(kv.capacity * 16);
  });
  it("is the exact boundary with sliding-window layers beside full ones (gpt-oss)", () => {
    const kv = cacheOf(deploy("h100-sxm", "gpt-oss-20b", { chips: 1, memoryUtilization: 0.25 }));
    expect(kv.maxTokens).toBeGreaterThan(kv.capacity * 16); // windowed layers hold at most 128 tokens
    expect(kv.blocksFor(kv.maxTokens)).toBeLessThanOrEqual(kv.capacity);
    expect(kv.blocksFor(kv.maxTokens + 1)).toBeGreaterThan(kv.capacity);
  });
  it("is unbounded when every layer has a window (Mistral-7B)", () => {
    expect(cacheOf(deploy("h100-sxm", "mistral-7b", { chips: 1 })).maxTokens).toBe(Infinity);
  });
});
