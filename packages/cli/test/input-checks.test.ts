// Flags and files that used to be accepted, dropped or crash: each is now an input problem (exit 2)
// naming the flag or the file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, expectCleanError } from "./run.js";

const root = path.join(import.meta.dirname, "..", "..", "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "infersim-input-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A regular file: any path under it cannot be written (ENOTDIR), even as root. */
const blocker = path.join(tmp, "not-a-folder");
fs.writeFileSync(blocker, "");

/** A small measurements CSV: the header and a dozen H100 rows of the calibration file. */
const smallCsv = path.join(tmp, "small.csv");
{
  const [head, ...rows] = fs.readFileSync(path.join(root, "data", "measurements", "calibration.csv"), "utf8").split("\n");
  fs.writeFileSync(smallCsv, [head, ...rows.filter((l) => /h100/i.test(l)).slice(0, 12)].join("\n") + "\n");
}

const meta = (shard: string, extra: object = {}) => JSON.stringify({ type: "meta", shard, model: "llama-3.1-8b", workload: "code-chat", rate: 20, slo: { ttftP99: 3 }, hardware: ["h100-sxm"], ...extra });
const option = (extra: object = {}) =>
  JSON.stringify({ type: "option", hardware: "h100-sxm", chips: 1, replicas: 2, chips_total: 2, config: { tp: 1, pp: 1, ep: 1 }, meets_slo: true, tokens_per_s_per_user: 90, cost_usd_per_hour: 6, cost_usd_per_mtok: 0.1, ...extra });
const shardFile = (name: string, ...lines: string[]) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, lines.join("\n") + "\n");
  return f;
};

describe("merge takes one complete set of shards", () => {
  it("one shard of three is an error naming the missing shards, not a plan over a third of the hardware", () => {
    const r = cli("merge", shardFile("only0.jsonl", meta("0/3"), option()));
    expectCleanError(r);
    expect(r.stderr).toMatch(/missing shards 1\/3, 2\/3/);
  });
  it("a shard given twice, shards of different n, a file without its meta line", () => {
    const a = shardFile("a.jsonl", meta("0/2"), option());
    const dup = cli("merge", a, shardFile("a-again.jsonl", meta("0/2"), option()));
    expectCleanError(dup);
    expect(dup.stderr).toMatch(/repeats shard 0\/2 of .*a\.jsonl/);
    const mixed = cli("merge", a, shardFile("b3.jsonl", meta("1/3"), option()));
    expectCleanError(mixed);
    expect(mixed.stderr).toMatch(/split the hardware differently/);
    const bare = shardFile("bare.jsonl", option());
    const noMeta = cli("merge", bare);
    expectCleanError(noMeta);
    expect(noMeta.stderr).toContain(`has 0 meta lines; a file written by \`infersim plan --shard i/n\` has one (at ${bare})`);
    const badShard = cli("merge", shardFile("bad-shard.jsonl", meta("2/2"), option()));
    expectCleanError(badShard);
    expect(badShard.stderr).toMatch(/shard must be "i\/n" with 0 ≤ i < n, got "2\/2"/);
  });
  it("an option line with mistyped fields names the file and line", () => {
    const f = shardFile("typed.jsonl", meta("0/1"), option({ chips_total: "2", meets_slo: "yes" }));
    const r = cli("merge", f);
    expectCleanError(r);
    expect(r.stderr).toContain(`option line lacks or mistypes chips_total, meets_slo (at ${f}:2)`);
  });
  it("shards of plans with different engines or cost bases do not merge", () => {
    const r = cli("merge", shardFile("e0.jsonl", meta("0/2", { engine: "vllm", cost: { kind: "rental" } }), option()), shardFile("e1.jsonl", meta("1/2", { engine: "trtllm", cost: { kind: "rental" } }), option({ hardware: "b200" })));
    expectCleanError(r);
    expect(r.stderr).toMatch(/different plan requests \(model, workload, rate, SLO, engine or cost basis differ\)/);
  });
  it("a complete set merges", () => {
    const r = cli("merge", shardFile("c1.jsonl", meta("1/2"), option({ hardware: "b200" })), shardFile("c0.jsonl", meta("0/2"), option()), "--json");
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.shards).toEqual(["0/2", "1/2"]);
    expect(j.cheapest.hardware).toBe("h100-sxm");
  });
});

describe("flags that were dropped or cast", () => {
  it("plan --engine checks the engine", () => {
    const r = cli("plan", "-m", "llama-3.1-8b", "-w", "code-chat", "--rate", "5", "-H", "h100-sxm", "--confirm", "0", "--engine", "bogus");
    expectCleanError(r);
    expect(r.stderr).toMatch(/engine must be one of .*generic.*, got "bogus" \(at --engine\)/);
  });
  it("plan --scenario rejects the flags the scenario file replaces", () => {
    const r = cli("plan", "--scenario", path.join(root, "scenarios", "coding-inference.yaml"), "-H", "h100-sxm", "--rate", "5", "--usd-per-chip-hour", "2", "--json");
    expectCleanError(r);
    for (const flag of ["--hardware", "--rate", "--usd-per-chip-hour"]) expect(r.stderr).toContain(`${flag} does not apply with --scenario`);
    expect(r.stderr).not.toMatch(/--json|--scenario does not/);
  });
  it("simulate --trace rejects the preset flags it would ignore", () => {
    const trace = path.join(root, "data", "traces", "azure-llm-2023", "AzureLLMInferenceTrace_code.csv");
    const r = cli("simulate", "-H", "h100-sxm", "--chips", "1", "-m", "llama-3.1-8b", "--trace", trace, "--requests", "50", "--rate", "5", "-w", "code-chat", "--no-diurnal", "--seed", "3");
    expectCleanError(r);
    for (const flag of ["--rate", "--workload", "--no-diurnal"]) expect(r.stderr).toContain(`${flag} applies to workload presets`);
    expect(r.stderr).toMatch(/--seed/);
  });
  it("calibrate --sweeps must be a positive integer", () => {
    const r = cli("calibrate", smallCsv, "--sweeps", "abc");
    expectCleanError(r);
    expect(r.stderr).toContain('sweeps must be an integer ≥ 1, got "abc" (at --sweeps)');
  });
});

describe("files that cannot be written or read are input problems (exit 2), not internal errors", () => {
  const where = (name: string) => path.join(blocker, name);
  it("simulate --trace-out", () => {
    const r = cli("simulate", "-H", "h100-sxm", "--chips", "1", "-m", "llama-3.1-8b", "-w", "code-chat", "--rate", "2", "--requests", "20", "--trace-out", where("t.json"));
    expectCleanError(r);
    expect(r.stderr).toMatch(/cannot write ".*t\.json": a parent is not a folder \(at --trace-out\)/);
  });
  it("calibrate --out, validate --plot and --report", () => {
    const cal = cli("calibrate", smallCsv, "--sweeps", "1", "--write", "--out", where("fit.json"), "--oof", path.join(tmp, "oof.csv"));
    expectCleanError(cal);
    expect(cal.stderr).toMatch(/cannot write .*\(at --out\)/);
    const plot = cli("validate", smallCsv, "--plot", where("p.svg"));
    expectCleanError(plot);
    expect(plot.stderr).toMatch(/cannot write .*\(at --plot\)/);
    const report = cli("validate", smallCsv, "--report", where("v.md"));
    expectCleanError(report);
    expect(report.stderr).toMatch(/cannot write .*\(at --report\)/);
  });
  it("a missing scenario or measurements file is reported like every other file", () => {
    const sc = cli("plan", "--scenario", "nope.yaml");
    expectCleanError(sc);
    expect(sc.stderr).toContain('cannot read "nope.yaml": no such file (at --scenario)');
    const m = cli("validate", "nope.csv");
    expectCleanError(m);
    expect(m.stderr).toContain('cannot read "nope.csv": no such file (at nope.csv)');
  });
});

describe("disaggregated pools are reported at their own flags", () => {
  it("--decode-tp 3 is reported at --decode-tp", () => {
    const r = cli("simulate", "-m", "llama-3.1-70b", "--prefill-hardware", "h100-sxm", "--decode-hardware", "h100-sxm", "--decode-tp", "3", "--requests", "10");
    expectCleanError(r);
    expect(r.stderr).toMatch(/decode pool: tensor parallel must divide .* \(at --decode-tp\)/);
    expect(r.stderr).not.toMatch(/\(at --tp\)/);
  });
  it("a pool without hardware is an input problem at its hardware flag", () => {
    const r = cli("simulate", "-m", "llama-3.1-8b", "--prefill-hardware", "h100-sxm", "--requests", "10");
    expectCleanError(r);
    expect(r.stderr).toMatch(/decode pool: .*needs hardware.* \(at --decode-hardware\)/);
  });
});

describe("kernel and routing flags", () => {
  it.each([
    ["--attention-kernel", "fast", "split, serial"],
    ["--moe-routing", "random", "spread, identical"],
  ])("%s with a value it does not know is an input problem at the flag", (flag, bad, allowed) => {
    const r = cli("predict", "-H", "h100-sxm", "-m", "mixtral-8x7b", flag, bad);
    expectCleanError(r);
    expect(r.stderr).toContain(`must be one of ${allowed}, got "${bad}" (at ${flag})`);
  });
  const tpot = (model: string, ...args: string[]) => JSON.parse(cli("predict", "-H", "h100-sxm", "-m", model, "--json", ...args).stdout).tpot_ms as number;
  it("serial attention makes long-context batch-1 decode slower than split", () => {
    const long = ["-i", "16000", "-o", "64"];
    expect(tpot("llama-3.1-8b", ...long, "--attention-kernel", "serial")).toBeGreaterThan(1.2 * tpot("llama-3.1-8b", ...long));
    expect(tpot("llama-3.1-8b", ...long, "--attention-kernel", "split")).toBe(tpot("llama-3.1-8b", ...long));
  });
  it("identical routing reads only the top-k experts: a batch decodes faster, a dense model is unchanged", () => {
    const batch = ["--tp", "2", "-b", "16", "-i", "128", "-o", "128"];
    expect(tpot("mixtral-8x7b", ...batch, "--moe-routing", "identical")).toBeLessThan(0.6 * tpot("mixtral-8x7b", ...batch));
    expect(tpot("mixtral-8x7b", ...batch, "--moe-routing", "spread")).toBe(tpot("mixtral-8x7b", ...batch));
    expect(tpot("llama-3.1-8b", ...batch, "--moe-routing", "identical")).toBe(tpot("llama-3.1-8b", ...batch));
  });
});
