import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isFlagged, MEASUREMENT_COLUMNS, parseMeasurements, planRow, sourceGroup, validate } from "../index.js";
import { mean } from "../workload/distributions.js";
import { resolveHardwareName } from "./names.js";
import { experimentKey, siblingIndex } from "./validate.js";

const header = MEASUREMENT_COLUMNS.join(",");
const row = (over: Partial<Record<(typeof MEASUREMENT_COLUMNS)[number], string>> = {}) => {
  const base: Record<string, string> = {
    id: "X-0001", source_title: "t", source_url_or_repo_path: "u", source_date: "2025", hardware: "H100-SXM-80GB", num_chips: "8", model: "Llama-3.1-70B",
    precision: "fp8", framework: "TensorRT-LLM v1.0 (PyTorch backend)", tp: "8", pp: "1", ep: "", batch_or_concurrency: "1", input_len: "1024", output_len: "128",
    metric: "tpot_ms", value: "7.5", scenario: "single-stream", notes: "static batch",
  };
  return MEASUREMENT_COLUMNS.map((c) => JSON.stringify(over[c] ?? base[c])).join(",");
};
const csvFile = path.join(import.meta.dirname, "..", "..", "..", "..", "data", "measurements", "calibration.csv");

describe("measurement CSV parser", () => {
  it("reads a well-formed file, numbers as numbers and empty cells as absent", () => {
    const r = parseMeasurements([header, row(), row({ id: "X-0002", ep: "", batch_or_concurrency: "" })].join("\n"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rows).toHaveLength(2);
    expect(r.value.rows[0]).toMatchObject({ line: 2, numChips: 8, tp: 8, batch: 1, input: 1024, value: 7.5, metric: "tpot_ms" });
    expect(r.value.rows[1]!.batch).toBeUndefined();
  });
  it("reports every bad cell with its line number and column", () => {
    const text = [header, row(), row({ id: "X-0002", value: "fast" }), row({ id: "X-0003", metric: "speed", tp: "-2" }), row({ id: "X-0001" })].join("\n");
    const r = parseMeasurements(text, "m.csv");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.issues.map((i) => i.path);
    expect(paths).toContain("m.csv:3.value");
    expect(paths).toContain("m.csv:4.metric");
    expect(paths).toContain("m.csv:4.tp");
    expect(paths).toContain("m.csv:5.id");
    expect(r.issues.find((i) => i.path === "m.csv:3.value")!.message).toMatch(/positive number, got "fast"/);
    expect(r.issues.find((i) => i.path === "m.csv:5.id")!.message).toMatch(/duplicate id/);
  });
  it("reports a row with the wrong number of fields and a missing header column", () => {
    const short = parseMeasurements([header, '"X-1","t"'].join("\n"), "m.csv");
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.issues[0]!.message).toMatch(/has 2 fields, the header has 19/);
    const noCol = parseMeasurements(header.replace(",notes", "") + "\n", "m.csv");
    expect(noCol.ok).toBe(false);
    if (!noCol.ok) expect(noCol.issues[0]).toEqual({ path: "m.csv:1", message: "header lacks column notes" });
  });
  it("parses the whole calibration file", () => {
    const r = parseMeasurements(fs.readFileSync(csvFile, "utf8"), "calibration.csv");
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.rows.length).toBe(1835);
  });
  it("flags every MI300X row of the Argonne source (the collector's caveat), and only the three rows the copy's README names differ from the collector's file", () => {
    const r = parseMeasurements(fs.readFileSync(csvFile, "utf8"), "calibration.csv");
    if (!r.ok) throw new Error("calibration file does not parse");
    const mi300x = r.value.rows.filter((x) => sourceGroup(x.id) === "Argonne" && resolveHardwareName(x.hardware)?.hardware.id === "mi300x");
    expect(mi300x).toHaveLength(99);
    expect(mi300x.filter((x) => !isFlagged(x)).map((x) => x.id)).toEqual([]);
    expect(r.value.rows.filter((x) => x.notes.includes("infersim's copy")).map((x) => x.id)).toEqual(["Argonne-0439", "Argonne-0440", "Argonne-0441"]);
  });
});

describe("validation", () => {
  const rows = (() => {
    const r = parseMeasurements(fs.readFileSync(csvFile, "utf8"));
    if (!r.ok) throw new Error("calibration file does not parse");
    return r.value.rows;
  })();
  it("a prediction never reads the measured value: changing every value changes no prediction", () => {
    const sample = rows.filter((_, i) => i % 9 === 0);
    const a = validate(sample);
    const b = validate(sample.map((r) => ({ ...r, value: r.value * 3.7 + 1 })));
    expect(b.predictions.map((p) => p.predicted)).toEqual(a.predictions.map((p) => p.predicted));
    expect(b.unsupported).toEqual(a.unsupported);
  });
  it("predicts at least 95% of the unflagged rows and lists the rest with a reason", () => {
    const r = validate(rows);
    const unflagged = rows.length - r.excluded.length;
    expect((r.predicted - r.excluded.length) / unflagged).toBeGreaterThanOrEqual(0.95);
    for (const u of r.unsupported) expect(u.reason.length).toBeGreaterThan(10);
    expect(r.predicted + r.unsupported.length).toBe(rows.length);
  });
  it("resolves every name listed in names.md (hardware, model, precision)", () => {
    const names = ["A100 (memory size not stated)", "A100-PCIe-80GB", "A100-SXM4-80GB", "B200-SXM-180GB", "Cerebras-CS-3", "GB200", "GB300", "GH200", "GH200-144GB", "Gaudi2-96GB", "Groq-LPU", "H100 (form factor not stated)", "H100-NVL-94GB", "H100-PCIe-80GB", "H100-SXM-80GB", "H200-NVL-141GB", "H200-SXM-141GB", "H800", "Intel-Arc-Pro-B60-Dual-48GB", "L40S", "MI250", "MI300X-192GB", "MI325X-256GB", "MI355X-288GB", "RTX-PRO-6000-Blackwell-Server", "SambaNova-SN40L"];
    const models = ["DeepSeek-R1 (671B MoE)", "DeepSeek-R1-0528 (671B MoE)", "DeepSeek-V3 (671B MoE)", "DeepSeek-V3/R1 (671B MoE)", "Falcon-180B", "GPT-J-6B", "GPT-OSS-120B", "GPT-OSS-20B", "Llama-2-13B", "Llama-2-70B", "Llama-2-7B", "Llama-3-70B", "Llama-3-8B", "Llama-3.1-405B", "Llama-3.1-70B", "Llama-3.1-8B", "Llama-3.3-70B", "Llama-4-Maverick-17B-128E", "Llama-4-Scout-17B-16E", "Mistral-7B", "Mixtral-8x22B", "Mixtral-8x7B", "Qwen3-235B-A22B", "Qwen3-30B-A3B"];
    const precisions = ["bf16", "fp16", "fp4", "fp4 (MXFP4)", "fp8", "int4", "int8/fp8 (8-bit per table)"];
    const r = parseMeasurements([header, ...names.flatMap((h, i) => models.map((m, j) => row({ id: `N-${i}-${j}`, hardware: h, model: m, precision: precisions[(i + j) % precisions.length]!, tp: "", num_chips: "" })))].join("\n"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const x of r.value.rows) {
      const p = planRow(x);
      if (!p.ok) expect(p.reason, `${x.hardware} / ${x.model} / ${x.precision}`).not.toMatch(/not in the catalog|not a known format/);
    }
  });

  it("reads an A100 of unstated memory as the 40 GB part of Argonne's Polaris nodes, and says so", () => {
    const a = resolveHardwareName("A100 (memory size not stated)");
    const b = resolveHardwareName("A100-SXM4-80GB");
    expect(a?.hardware.memory?.capacity).toBe((b?.hardware.memory?.capacity ?? 0) / 2);
    expect(a?.hardware.memory?.bandwidth).toBeCloseTo(1.555e12, -9);
    expect(a?.assumption).toMatch(/40GB.*Polaris/);
    // Same chip otherwise: the compute peaks of the 80 GB part, which keeps its own name.
    expect(a?.hardware.peak.bf16).toBe(b?.hardware.peak.bf16);
  });

  it("plans serial decode attention for Argonne's TensorRT-LLM 0.11 runs only, and says why", () => {
    const plan = (hardware: string, framework: string) => {
      const r = parseMeasurements([header, row({ id: "Argonne-0001", hardware, framework, model: "Llama-3-8B", precision: "fp16", tp: "1", num_chips: "1", metric: "e2e_latency_ms", input_len: "2048", output_len: "2048" })].join("\n"));
      if (!r.ok) throw new Error("parse");
      const p = planRow(r.value.rows[0]!);
      if (!p.ok) throw new Error(p.reason);
      return p.plan;
    };
    for (const h of ["A100 (memory size not stated)", "H100 (form factor not stated)"]) {
      const p = plan(h, "TensorRT-LLM (2024)");
      expect(p.spec.decodeAttention, h).toBe("serial");
      expect(p.assumptions.join(" "), h).toMatch(/multi-block/);
    }
    expect(plan("GH200", "TensorRT-LLM (2024)").spec.decodeAttention).toBeUndefined();
    expect(plan("H100 (form factor not stated)", "vLLM (2024, v0.5-0.6 era)").spec.decodeAttention).toBeUndefined();
  });

  it("prefills a DeepSpeed-MII batch in FastGen's 768-token steps, a static batch of another engine in one pass", () => {
    const plan = (framework: string) => {
      const r = parseMeasurements([header, row({ id: "Argonne-0451", hardware: "A100 (memory size not stated)", framework, model: "Llama-2-7B", precision: "fp16", tp: "1", num_chips: "1", batch_or_concurrency: "16", metric: "ttft_ms", input_len: "1024", output_len: "1", scenario: "offline", notes: "static batch" })].join("\n"));
      if (!r.ok) throw new Error("parse");
      const p = planRow(r.value.rows[0]!);
      if (!p.ok) throw new Error(p.reason);
      return p.plan;
    };
    const mii = plan("DeepSpeed-MII");
    expect(mii.spec.maxTokensPerStep).toBe(768);
    expect(mii.assumptions.join(" ")).toMatch(/768 tokens/);
    expect(plan("vLLM (2024, v0.5-0.6 era)").spec.maxTokensPerStep).toBe(16 * 1024);
  });

  describe("MLPerf partner runs take their TP and batch from the configs they published", () => {
    const plan = (source: string, over: Partial<Record<(typeof MEASUREMENT_COLUMNS)[number], string>> = {}) => {
      const r = parseMeasurements([header, row({ id: "MLPerf-v4.1-9001", source_url_or_repo_path: source, hardware: "L40S", num_chips: "8", model: "Llama-2-70B", tp: "", pp: "", batch_or_concurrency: "", input_len: "", output_len: "290", metric: "output_tokens_per_s_total", scenario: "offline", notes: "MLPerf llama2-70b", ...over })].join("\n"));
      if (!r.ok) throw new Error("parse");
      const p = planRow(r.value.rows[0]!);
      if (!p.ok) throw new Error(p.reason);
      return p.plan;
    };
    const fujitsu = "github:mlcommons/inference_results_v4.1 closed/Fujitsu/results/CDI_L40Sx8_TRT/llama2-70b-99/Offline/performance/run_1/mlperf_log_summary.txt";
    it("uses them where the row states nothing, and says so", () => {
      const p = plan(fujitsu);
      expect(p.layout.kind).toBe("given");
      expect(p.spec).toMatchObject({ tp: 4, dp: 2, maxBatch: 1024 });
      expect(p.assumptions.join(" ")).toMatch(/TP 4, max batch 1,024, as in Fujitsu's configs/);
    });
    it("never over what the row states, and names only what it used", () => {
      const own = plan(fujitsu, { tp: "2", notes: "MLPerf llama2-70b; max_batch_per_engine_instance=512" });
      expect(own.spec).toMatchObject({ tp: 2, dp: 4, maxBatch: 512 });
      expect(own.assumptions.join(" ")).not.toMatch(/Fujitsu/);
      const batchOnly = plan(fujitsu, { notes: "MLPerf llama2-70b; max_batch_per_engine_instance=512" });
      expect(batchOnly.spec).toMatchObject({ tp: 4, maxBatch: 512 });
      expect(batchOnly.assumptions.join(" ")).toMatch(/TP 4, as in Fujitsu's/);
      expect(plan("github:mlcommons/inference_results_v4.1 closed/Other/results/X/llama2-70b-99/Offline").layout.kind).toBe("replicas");
    });
    it("per scenario", () => {
      const lenovo = (scenario: string) =>
        plan(`github:mlcommons/inference_results_v4.1 closed/Lenovo/results/SR675_V3_8xH100_NVL_TRT/llama2-70b-99/${scenario}/performance`, { hardware: "H100-NVL-94GB", scenario: scenario.toLowerCase(), notes: "MLPerf llama2-70b; completed 40 samples/s" }).spec;
      expect(lenovo("Offline")).toMatchObject({ tp: 1, maxBatch: 1300 });
      expect(lenovo("Server")).toMatchObject({ tp: 1, maxBatch: 640 });
    });
    it("every entry of the table names runs of the calibration file: the 32 partner rows", () => {
      const siblings = siblingIndex(rows);
      const used = rows.filter((r) => r.id.startsWith("MLPerf")).flatMap((r) => {
        const p = planRow(r, siblings.get(experimentKey(r)) ?? []);
        const note = p.ok ? p.plan.assumptions.find((a) => /as in \w+'s (configs|run script)/.test(a)) : undefined;
        return note ? [`${/closed\/(\w+)\/results\/([^/]+)\/([a-z0-9-]+?)-99/.exec(r.source)?.slice(1).join("/")}`] : [];
      });
      expect(used).toHaveLength(32);
      expect(new Set(used).size).toBe(8);
    });
  });

  describe("TensorRT-LLM's online 202/214 rows are ShareGPT as vLLM's benchmark samples it", () => {
    const online = (id: string, input: string, output: string, qps: string, metric: string) =>
      row({ id, hardware: "H100-SXM-80GB", num_chips: "1", model: "Llama-3.1-8B", precision: "bf16", framework: "TensorRT-LLM v0.14.0 + Triton tensorrtllm_backend", tp: "1", batch_or_concurrency: "", input_len: input, output_len: output, metric, value: "1", scenario: "server", notes: `online serving, 500 requests, request_rate_qps=${qps}` });
    const parse = (...lines: string[]) => {
      const r = parseMeasurements([header, ...lines].join("\n"));
      if (!r.ok) throw new Error("rows do not parse");
      return r.value.rows;
    };
    it("draws each request's lengths around the stated means, and says where they come from", () => {
      const [sharegpt, synthetic, otherSource] = parse(online("TRT-v0.14-online-9001", "202", "214", "INF", "itl_ms"), online("TRT-v0.14-online-9002", "467", "256", "INF", "itl_ms"), online("Other-9003", "202", "214", "INF", "itl_ms"));
      const p = planRow(sharegpt!);
      if (!p.ok) throw new Error(p.reason);
      const w = p.plan.workload;
      if (w.kind !== "burst" || !w.lengths) throw new Error("expected a burst with drawn lengths");
      expect(mean(w.lengths.input)).toBeCloseTo(202, 0);
      expect(mean(w.lengths.output)).toBeCloseTo(214, 0);
      expect(p.plan.assumptions.join(" ")).toMatch(/ShareGPT/);
      for (const r of [synthetic!, otherSource!]) {
        const q = planRow(r);
        if (!q.ok) throw new Error(q.reason);
        expect(q.plan.workload.kind === "burst" && q.plan.workload.lengths, r.id).toBeFalsy();
      }
    });
    it("reads ITL as the mean over every gap (vLLM's Mean ITL): a burst's long requests finish alone, so it is below the mean TPOT", () => {
      const rows = parse(online("TRT-v0.14-online-9001", "202", "214", "INF", "itl_ms"), online("TRT-v0.14-online-9002", "202", "214", "INF", "tpot_ms"));
      const [itl, tpot] = validate(rows).predictions;
      expect(itl!.predicted).toBeLessThan(0.95 * tpot!.predicted);
      // With fixed lengths every request has the same number of gaps: the two means agree.
      const fixed = parse(online("TRT-v0.14-online-9001", "467", "256", "INF", "itl_ms"), online("TRT-v0.14-online-9002", "467", "256", "INF", "tpot_ms"));
      const [fi, ft] = validate(fixed).predictions;
      expect(fi!.predicted).toBeCloseTo(ft!.predicted, 2);
    });
  });

  describe("a long run at a fixed rate (MLPerf Server) is measured over its 600 s of arrivals", () => {
    const server = (qps: number, metric: string) =>
      row({ id: `S-${qps}-${metric}`, hardware: "H100-SXM-80GB", num_chips: "8", model: "Llama-3.1-8B", precision: "fp8", tp: "1", batch_or_concurrency: "", input_len: "500", output_len: "300", metric, value: "1", scenario: "server", notes: `Server: Poisson arrivals at target_qps=${qps}` });
    const run = (qps: number) => {
      const r = parseMeasurements([header, server(qps, "output_tokens_per_s_total"), server(qps, "tpot_ms")].join("\n"));
      if (!r.ok) throw new Error("rows do not parse");
      return validate(r.value.rows).predictions;
    };
    it("serves the offered load, and says so when the load exceeds the predicted capacity", () => {
      const light = run(40);
      // 40 requests/s × 300 tokens: 12,000 tokens/s, well inside eight H100s' capacity for an 8B model.
      expect(light[0]!.predicted / 12_000).toBeGreaterThan(0.95);
      expect(light[0]!.predicted / 12_000).toBeLessThan(1.05);
      expect(light.flatMap((p) => p.assumptions).join(" ")).not.toMatch(/exceeds the predicted capacity/);
      const heavy = run(4000);
      expect(heavy[0]!.predicted).toBeLessThan(0.95 * 4000 * 300);
      for (const p of heavy) expect(p.assumptions.join(" ")).toMatch(/exceeds the predicted capacity/);
      // Near and past capacity the batch is full: each user's decode is slower than at the light load.
      expect(heavy[1]!.predicted).toBeGreaterThan(light[1]!.predicted);
    });
  });

  it("a chip count not stated: one node of a non-SRAM machine (the unit a service runs on), the fewest chips on SRAM", () => {
    const speed = (id: string, hardware: string, model: string) =>
      row({ id, hardware, num_chips: "", tp: "", pp: "", model, precision: "bf16", batch_or_concurrency: "1", input_len: "", output_len: "", metric: "tokens_per_s_per_user", value: "100", scenario: "single-stream", notes: "vendor per-user speed" });
    const r = parseMeasurements([header, speed("N-1", "SambaNova-SN40L", "Llama-3.1-8B"), speed("N-2", "Cerebras-CS-3", "Llama-3.1-8B")].join("\n"));
    if (!r.ok) throw new Error("rows do not parse");
    const [rdu, wafer] = validate(r.value.rows).predictions;
    expect(rdu!.chips).toBe(16);
    expect(rdu!.assumptions.join(" ")).toMatch(/one 16-chip node/);
    expect(wafer!.chips).toBe(1);
    expect(wafer!.assumptions.join(" ")).toMatch(/fewest chips/);
  });
});

describe("engine limits of trtllm-bench rows", () => {
  it("reproduce its heuristic: KV-fitting requests capped at 4,096 and divided over the pipeline stages (Llama-3.3-70B FP4 on RTX PRO 6000)", async () => {
    const { trtllmBenchSettings } = await import("./row-plan.js");
    const { hardwareCatalog, modelCatalog, unwrap } = await import("../index.js");
    const m = unwrap(modelCatalog().get("llama-3.3-70b"));
    const hw = unwrap(hardwareCatalog().get("rtx-pro-6000"));
    expect(trtllmBenchSettings(m, hw, { weightBytes: 0.5, kvBytes: 1, tp: 1, pp: 8, input: 128, output: 128 })).toEqual({ maxBatch: 512, maxTokensPerStep: 2048 });
    // One GPU: 96 GiB less 35 GB of weights holds about 1,540 requests of 256 tokens.
    expect(trtllmBenchSettings(m, hw, { weightBytes: 0.5, kvBytes: 1, tp: 1, pp: 1, input: 128, output: 128 })).toEqual({ maxBatch: 1536, maxTokensPerStep: 3072 });
  });
});

describe("max-load runs of a fixed number of requests", () => {
  it("never have more in flight than the run sends (TensorRT-LLM tables: 1,500 requests at 128/4096)", () => {
    const offline = (id: string, notes: string) =>
      row({ id, hardware: "B200-SXM-180GB", num_chips: "8", tp: "8", model: "Llama-3.1-8B", precision: "fp8", batch_or_concurrency: "", input_len: "128", output_len: "4096", metric: "output_tokens_per_s_total", value: "1", scenario: "offline", notes });
    const r = parseMeasurements([header, offline("R-1", "trtllm-bench throughput, max-load"), offline("R-2", "max-load offline")].join("\n"));
    if (!r.ok) throw new Error("rows do not parse");
    const planned = planRow(r.value.rows[0]!);
    expect(planned.ok && planned.plan.workload).toMatchObject({ kind: "closed", batch: "max", requests: 1500 });
    const [bench, open] = validate(r.value.rows).predictions;
    expect(bench!.assumptions.join(" ")).toMatch(/1500 requests/);
    // An 8B model on eight B200s holds far more than 1,500 sequences (trtllm-bench allows 4,096): the run's count is the limit.
    expect(bench!.predicted).toBeLessThan(open!.predicted);
  });
});
