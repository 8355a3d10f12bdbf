import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseShard, shardSlice } from "../src/commands/plan.js";
import { cli, expectCleanError } from "./run.js";

describe("infersim simulate", () => {
  it("prints the promised JSON keys", () => {
    const r = cli("simulate", "-H", "h100-sxm", "--chips", "1", "-m", "llama-3.1-8b", "-w", "code-chat", "--rate", "3", "--requests", "200", "--json");
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ["requests", "completed", "cancelled", "ttft_ms", "tpot_ms", "e2e_ms", "output_tokens_per_s", "slo_attainment"]) expect(j, k).toHaveProperty(k);
    for (const k of ["mean", "p50", "p90", "p99"]) expect(j.ttft_ms, k).toHaveProperty(k);
    expect(j.requests).toBe(200);
  });
  it("a latency no request was measured for prints a dash (text) and null (JSON), never 0 ms", () => {
    // Every request emits one token: TTFT is measured, TPOT is not.
    const trace = path.join(os.tmpdir(), `infersim-one-token-${process.pid}.csv`);
    fs.writeFileSync(trace, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,300,1\n2023-11-16 18:15:47.6805900,200,1\n");
    const args = ["simulate", "-H", "h100-sxm", "--chips", "1", "-m", "llama-3.1-8b", "--trace", trace];
    const text = cli(...args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/TPOT ms\s+— \(no request measured\)/);
    expect(text.stdout).toMatch(/TTFT ms\s+mean \d/);
    const j = JSON.parse(cli(...args, "--json").stdout);
    fs.rmSync(trace);
    expect(j.completed).toBe(2);
    expect(j.tpot_ms).toEqual({ count: 0, mean: null, p50: null, p90: null, p99: null });
    expect(j.ttft_ms.count).toBe(2);
  });
  it("a deployment that does not fit is a result with the reason, exit 0", () => {
    const r = cli("simulate", "-H", "h100-sxm", "--chips", "1", "-m", "llama-3.3-70b", "--precision", "bf16", "-w", "code-chat", "--rate", "1", "--requests", "50");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fits\s+no: 1 × h100-sxm: weights need/);
    expect(r.stdout).not.toMatch(/TTFT ms/);
    const j = JSON.parse(cli("simulate", "-H", "h100-sxm", "--chips", "1", "-m", "llama-3.3-70b", "--precision", "bf16", "--requests", "50", "--json").stdout);
    expect(j).toMatchObject({ fits: false, requests: 0 });
  });
  it("same seed, same report; a different seed, a different one", () => {
    const args = ["simulate", "-H", "h100-sxm", "--chips", "1", "-m", "llama-3.1-8b", "-w", "ide-autocomplete", "--rate", "10", "--requests", "300", "--json"];
    const a = cli(...args, "--seed", "4");
    const b = cli(...args, "--seed", "4");
    const c = cli(...args, "--seed", "5");
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
  });
  it("identical pools given as --prefill-/--decode-hardware match the same-hardware disaggregated mode", () => {
    const common = ["-m", "llama-3.1-8b", "-w", "code-chat", "--rate", "3", "--requests", "150", "--json"];
    const a = cli("simulate", "-H", "h100-sxm", "--scheduler", "disaggregated", "--prefill-chips", "1", "--decode-chips", "1", ...common);
    const b = cli("simulate", "--prefill-hardware", "h100-sxm", "--prefill-chips", "1", "--decode-hardware", "h100-sxm", "--decode-chips", "1", ...common);
    expect(a.code, a.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(JSON.parse(a.stdout).kv_transfer_ms.mean).toBeGreaterThan(0);
  });
  it("replays an Azure trace and writes a Perfetto trace", () => {
    const out = path.join(os.tmpdir(), `infersim-trace-${process.pid}.json`);
    const r = cli("simulate", "-H", "h100-sxm", "--chips", "1", "-m", "llama-3.1-8b", "--trace", path.join(import.meta.dirname, "..", "..", "..", "data", "traces", "azure-llm-2023", "AzureLLMInferenceTrace_code.csv"), "--requests", "300", "--trace-out", out);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(t.traceEvents.some((e: { ph: string }) => e.ph === "X")).toBe(true);
    fs.rmSync(out);
  });
  it("rejects a bad scheduler and a bad rate with clear messages", () => {
    const r = cli("simulate", "-H", "h100-sxm", "-m", "llama-3.1-8b", "--scheduler", "fifo", "--rate", "-3");
    expectCleanError(r);
    expect(r.stderr).toMatch(/scheduler must be one of continuous, chunked, static, disaggregated, got "fifo"/);
    expect(r.stderr).toMatch(/rate must be a number in \(0, ∞\], got "-3"/);
  });
});

describe("infersim plan", () => {
  it("prints options with the promised keys and the cheapest", () => {
    const r = cli("plan", "-m", "llama-3.1-8b", "-w", "code-chat", "--rate", "20", "--slo-ttft-p99-ms", "3000", "--slo-tpot-p99-ms", "40", "-H", "h100-sxm,b200", "--confirm", "0", "--json");
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ["hardware", "chips", "replicas", "config", "meets_slo", "ttft_ms_p99", "tpot_ms_p99", "cost_usd_per_hour", "cost_usd_per_mtok", "power_kw"]) expect(j.options[0], k).toHaveProperty(k);
    expect(j.cheapest.meets_slo).toBe(true);
  });
  it("pairings with fixed pool sizes print kv_transfer_ms and the verdict; chips without pairings are an error", () => {
    const r = cli("plan", "-m", "llama-3.1-8b", "-w", "code-chat", "--rate", "20", "--prefill-hardware", "b200", "--prefill-chips", "2", "--decode-hardware", "h100-sxm,groq-lpu", "--json");
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.pairings.length).toBe(2);
    for (const p of j.pairings) expect(p.prefill.chips).toBe(2);
    expect(j).toHaveProperty("unpaired");
    expect(j).toHaveProperty("mixedBeatsSingle");
    const bad = cli("plan", "-m", "llama-3.1-8b", "--decode-chips", "4");
    expectCleanError(bad);
    expect(bad.stderr).toMatch(/--decode-chips: chips per pool apply to pairings|--decode-chips/);
  });
  it("shards evaluate disjoint slices that merge back to the unsharded plan", () => {
    const args = ["plan", "-m", "llama-3.1-8b", "-w", "code-chat", "--rate", "20", "-H", "h100-sxm,b200,mi300x,l40s,h200-sxm", "--confirm", "0", "--workers", "1"];
    const whole = JSON.parse(cli(...args, "--json").stdout);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infersim-shards-"));
    const files = [0, 1, 2].map((i) => {
      const f = path.join(dir, `s${i}.jsonl`);
      const r = cli(...args, "--shard", `${i}/3`);
      expect(r.code, r.stderr).toBe(0);
      fs.writeFileSync(f, r.stdout);
      return f;
    });
    const merged = JSON.parse(cli("merge", ...files, "--json").stdout);
    expect(merged.cheapest).toEqual(whole.cheapest);
    expect(merged.best.map((b: { hardware: string }) => b.hardware).sort()).toEqual(whole.best.map((b: { hardware: string }) => b.hardware).sort());
    fs.rmSync(dir, { recursive: true });
  });
  it("shard slicing is deterministic, disjoint and complete; the index comes from JOB_COMPLETION_INDEX", () => {
    const items = ["e", "a", "d", "c", "b"].map((id) => ({ id }));
    const slices = [0, 1].map((i) => shardSlice(items, i, 2).map((x) => x.id));
    expect(slices).toEqual([["a", "c", "e"], ["b", "d"]]);
    expect(parseShard("/4", { JOB_COMPLETION_INDEX: "3" })).toEqual({ index: 3, count: 4 });
    expect(parseShard("1/2", {})).toEqual({ index: 1, count: 2 });
    expect(() => parseShard("5/2", {})).toThrow(/shard must be i\/n/);
  });
  it("plans a fleet from the coding-inference scenario", () => {
    const r = cli("plan", "--scenario", path.join(import.meta.dirname, "..", "..", "..", "scenarios", "coding-inference.yaml"), "--json");
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.cheapest).not.toBeNull();
    expect(j.homogeneous.length).toBeGreaterThan(0);
    expect(j.sensitivity.length).toBeGreaterThan(0);
    expect(j.pairings.length).toBe(2);
  });
  it("a malformed scenario lists every problem with its path", () => {
    const f = path.join(os.tmpdir(), `bad-scenario-${process.pid}.yaml`);
    fs.writeFileSync(f, "name: x\nmodel: llama-3.1-8b\nhardware: [h100-sxm]\nclasses:\n  - {name: a, workload: code-chat, peakRate: -2}\n");
    const r = cli("plan", "--scenario", f);
    expectCleanError(r);
    expect(r.stderr).toMatch(/classes\[0\]\.peakRate/);
    fs.rmSync(f);
  });
});
