import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Issue } from "../errors.js";
import type { RequestSpec, WorkloadSource } from "./request.js";
import { parseTimestamp } from "./trace-rows.js";
import { parseAzureTrace, parseMooncakeTrace } from "./traces.js";

const dir = path.join(import.meta.dirname, "../../../../data/traces");
const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
const all = (s: WorkloadSource): RequestSpec[] => {
  const out: RequestSpec[] = [];
  for (let r = s.nextArrival(); r; r = s.nextArrival()) out.push(r);
  return out;
};
const issuesOf = (r: { ok: boolean; issues?: readonly Issue[] }) => (r.ok ? [] : r.issues!);

describe("Azure trace replay", () => {
  it.each([
    ["azure-llm-2023/AzureLLMInferenceTrace_code.csv", 8819, 3435.9],
    ["azure-llm-2023/AzureLLMInferenceTrace_conv.csv", 19366, 3501.7],
  ])("%s parses to %i requests over %f s (trace_stats.json)", (file, rows, duration) => {
    const r = parseAzureTrace(read(file), { name: path.basename(file) });
    expect(issuesOf(r)).toEqual([]);
    if (!r.ok) return;
    const reqs = all(r.value);
    expect(reqs).toHaveLength(rows);
    expect(reqs[0]!.arrival).toBe(0);
    expect(reqs.at(-1)!.arrival).toBeCloseTo(duration, 0);
    expect(reqs.every((q, i) => q.id === i && (i === 0 || q.arrival >= reqs[i - 1]!.arrival))).toBe(true);
  });

  it("converts timestamps to seconds from the first row, keeping 100 ns digits", () => {
    const text = "TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:15:46.6805900,10,2\r\n2023-11-16 18:15:47.0000001,20,3\r\n2023-11-17 00:00:00,5,1\r\n";
    const r = parseAzureTrace(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [a, b, c] = all(r.value);
    expect(b!.arrival).toBeCloseTo(0.3194101, 9);
    expect(c!.arrival).toBeCloseTo(5 * 3600 + 44 * 60 + 13.31941, 6);
    expect([a!.input, a!.output, a!.blocks]).toEqual([10, 2, undefined]);
    expect(parseTimestamp("2024-05-10 00:00:01.5+00:00")).toEqual([Date.UTC(2024, 4, 10) / 1000 + 1, 0.5]);
  });

  it("reports every malformed line with its line number (and a bad header)", () => {
    const text = "\uFEFFTIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,10,2\n2023-11-16 18:15:47,abc,3\n\nyesterday,5,x\n2023-11-16 18:15:40,5,1\n";
    const issues = issuesOf(parseAzureTrace(text, { name: "t.csv" }));
    expect(issues.map((i) => i.path)).toEqual(["t.csv:3.ContextTokens", "t.csv:5.TIMESTAMP", "t.csv:5.GeneratedTokens", "t.csv:6"]);
    expect(issues[3]!.message).toMatch(/goes back in time/);
    expect(issuesOf(parseAzureTrace("time,in,out\n1,2,3\n"))[0]!.message).toMatch(/header must name TIMESTAMP/);
    expect(issuesOf(parseAzureTrace('TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,1,1\n"2023,1,1\n'))[0]!.path).toBe("azure-trace:3");
  });

  it("scales time and caps the replay", () => {
    const text = read("azure-llm-2023/AzureLLMInferenceTrace_code.csv");
    const fast = parseAzureTrace(text, { speed: 4, requests: 1000 });
    const slow = parseAzureTrace(text, { requests: 1000 });
    if (!fast.ok || !slow.ok) throw new Error("parse failed");
    const f = all(fast.value);
    const s = all(slow.value);
    expect(f).toHaveLength(1000);
    expect(f.at(-1)!.arrival * 4).toBeCloseTo(s.at(-1)!.arrival, 6);
    const cut = parseAzureTrace(text, { duration: 60 });
    if (!cut.ok) throw new Error("parse failed");
    expect(all(cut.value).every((q) => q.arrival <= 60)).toBe(true);
    expect(issuesOf(parseAzureTrace(text, { speed: 0 }))[0]!.path).toBe("options.speed");
  });
});

describe("Mooncake trace replay", () => {
  it("parses the 3,800-line conversation sample with its 512-token hash blocks", () => {
    const r = parseMooncakeTrace(read("mooncake-fast25/conversation_trace.head3800.jsonl"));
    expect(issuesOf(r)).toEqual([]);
    if (!r.ok) return;
    expect(r.value.blockTokens).toBe(512);
    const reqs = all(r.value);
    expect(reqs).toHaveLength(3800);
    expect(reqs[0]).toMatchObject({ arrival: 0, input: 6758, output: 500 });
    expect(reqs[0]!.blocks).toHaveLength(Math.ceil(6758 / 512));
    expect(reqs.at(-1)!.arrival).toBeCloseTo(1245, 3);
  });

  it("reports malformed lines with line numbers and field paths", () => {
    const text = [
      '{"timestamp": 10000, "input_length": 600, "output_length": 5, "hash_ids": [0, 1]}',
      '{"timestamp": 10, "input_length": 600, "output_length": 5, "hash_ids": [0, 1]',
      '{"timestamp": 20, "input_length": -3, "output_length": 5, "hash_ids": [0, "a"]}',
      "",
      '{"timestamp": 5, "input_length": 1, "output_length": 1}',
    ].join("\n");
    const issues = issuesOf(parseMooncakeTrace(text, { name: "m.jsonl" }));
    expect(issues.map((i) => i.path)).toEqual(["m.jsonl:2", "m.jsonl:3.input_length", "m.jsonl:3.hash_ids[1]", "m.jsonl:5"]);
    expect(issues[0]!.message).toMatch(/not valid JSON/);
    expect(issuesOf(parseMooncakeTrace(""))[0]!.message).toMatch(/no requests/);
  });
});
