import { describe, expect, it } from "vitest";
import { deploy } from "../../test/helpers.js";
import { costModel, type BatchShape, type CostModel } from "../index.js";
import { Seq } from "./sequence.js";
import { StepPricer } from "./step-price.js";

let id = 0;
/** A decoding sequence attending over `ctx` tokens this step (its context + the new token). */
const decodingAt = (ctx: number) => {
  const s = new Seq({ id: id++, arrival: 0, input: ctx - 1, output: 100 });
  s.prefilled = ctx - 1;
  return s;
};
const decodeOnly = (ctxs: number[]) => ({ prefill: [], decode: ctxs.map(decodingAt), preempt: [] });

describe("step pricing", () => {
  // gpt-oss alternates 128-token sliding-window layers with full attention: two window bands.
  const cm = costModel(deploy("h100-sxm", "gpt-oss-20b", { chips: 1 }));
  const counting = (): [CostModel, BatchShape[]] => {
    const seen: BatchShape[] = [];
    return [{ ...cm, step: (shape: BatchShape) => (seen.push(shape), cm.step(shape)) }, seen];
  };

  it("prices decode-only steps per window band at the band's mean context to 16 tokens", () => {
    const [model, seen] = counting();
    const t = new StepPricer(model, 1).price(decodeOnly([50, 1000, 2000]));
    expect(seen).toEqual([{ prefill: [], decode: [{ count: 1, context: 48 }, { count: 2, context: 1504 }], tokensPerDecode: 1 }]);
    expect(t).toBe(cm.step(seen[0]!).time);
  });

  it("memoises decode-only steps with several bands (sliding-window models hit the memo too)", () => {
    const [model, seen] = counting();
    const p = new StepPricer(model, 1);
    const a = p.price(decodeOnly([50, 1000, 2000]));
    const b = p.price(decodeOnly([51, 1001, 2001])); // same counts, same means to 16 tokens
    expect(b).toBe(a);
    expect(seen.length).toBe(1);
    p.price(decodeOnly([50, 1000])); // another count: priced afresh
    expect(seen.length).toBe(2);
  });

  it("prices steps with prompt work exactly, every time", () => {
    const [model, seen] = counting();
    const p = new StepPricer(model, 1);
    const s = new Seq({ id: id++, arrival: 0, input: 500, output: 10 });
    const plan = { prefill: [{ seq: s, tokens: 500 }], decode: [decodingAt(1001)], preempt: [] };
    p.price(plan);
    p.price(plan);
    expect(seen.length).toBe(2);
    expect(seen[0]).toEqual({ prefill: [{ tokens: 500, context: 0, last: true }], decode: [{ count: 1, context: 1001 }], tokensPerDecode: 1 });
  });
});
