import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { bin, cli, expectCleanError } from "./run.js";

const EXAMPLE = ["predict", "--hardware", "h100-sxm", "--chips", "8", "--tp", "8", "--model", "llama-3.1-70b", "--precision", "fp8", "--batch", "1", "--input", "1024", "--output", "128", "--json"];

describe("infersim predict", () => {
  it("the README example prints every promised JSON key with finite numbers", () => {
    const r = cli(...EXAMPLE);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ["fits", "chips", "ttft_ms", "tpot_ms", "e2e_ms", "tokens_per_s_per_user", "output_tokens_per_s", "output_tokens_per_s_per_chip", "bottleneck", "weights_bytes", "kv_bytes_per_token", "energy_j_per_token", "cost_usd_per_mtok"]) {
      expect(j, k).toHaveProperty(k);
    }
    expect(j.fits).toBe(true);
    expect(j.chips).toBe(8);
    for (const k of ["ttft_ms", "tpot_ms", "e2e_ms", "tokens_per_s_per_user", "energy_j_per_token", "cost_usd_per_mtok"]) expect(Number.isFinite(j[k]), k).toBe(true);
    expect(j.kv_bytes_per_token).toBe(2 * 80 * 8 * 128 * 1); // fp8 KV
  });
  it("names like H100-SXM-80GB and Llama-3.1-70B resolve as aliases", () => {
    const r = cli("predict", "-H", "H100-SXM-80GB", "-m", "Llama-3.1-70B", "--chips", "8", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).hardware).toBe("h100-sxm");
  });
  it("chooses the fewest wafers on an SRAM machine when --chips is omitted", () => {
    const r = cli("predict", "-H", "cerebras-cs3", "-m", "llama-3.1-70b", "--precision", "bf16", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).chips).toBe(4);
  });
  it("prints a readable table by default and CSV with --csv", () => {
    const t = cli(...EXAMPLE.filter((a) => a !== "--json"));
    expect(t.stdout).toMatch(/TTFT/);
    const c = cli(...EXAMPLE.filter((a) => a !== "--json"), "--csv");
    expect(c.stdout.split("\n")[0]).toMatch(/^hardware,model,fits,/);
  });
  it("takes user hardware from YAML and a model from a Hugging Face config.json", () => {
    const r = cli("predict", "-H", "my-chip.yaml", "-m", "tiny-llama-config.json", "--json");
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.hardware).toBe("my-chip");
    expect(j.model).toBe("tiny-llama-config");
  });
  it("an infeasible configuration is a result (fits: false, reason), exit 0", () => {
    const r = cli("predict", "-H", "h100-sxm", "-m", "llama-3.1-405b", "--chips", "1", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.fits).toBe(false);
    expect(j.reason).toMatch(/weights need/);
  });
  it("--batching static runs the batch's prompts before its decode: a longer TTFT than continuous", () => {
    const run = (mode: string) => JSON.parse(cli("predict", "-H", "h100-sxm", "-m", "llama-3.1-8b", "--chips", "1", "--batch", "32", "--batching", mode, "--json").stdout);
    const cont = run("continuous");
    const stat = run("static");
    expect([cont.batching, stat.batching]).toEqual(["continuous", "static"]);
    expect(stat.ttft_ms).toBeGreaterThan(5 * cont.ttft_ms);
    const bad = cli("predict", "-H", "h100-sxm", "-m", "llama-3.1-8b", "--batching", "dynamic");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--batching/);
  });
});

describe("bad input exits 2 with one clear message per problem", () => {
  it("unknown hardware suggests ids", () => {
    const r = cli("predict", "-H", "h100-sx", "-m", "llama-3.1-70b");
    expectCleanError(r);
    expect(r.stderr).toMatch(/unknown hardware "h100-sx"; did you mean h100-sxm/);
  });
  it("unknown model suggests ids", () => {
    const r = cli("predict", "-H", "h100-sxm", "-m", "llama-3.1-70", "--chips", "8");
    expectCleanError(r);
    expect(r.stderr).toMatch(/unknown model "llama-3.1-70"; did you mean .*llama-3.1-70b/);
  });
  it("TP that does not divide the heads", () => {
    const r = cli("predict", "-H", "h100-sxm", "-m", "llama-3.1-70b", "--tp", "3");
    expectCleanError(r);
    expect(r.stderr).toContain("tensor parallel must divide the number of attention heads (64), got 3 (at --tp)");
  });
  it("negative and non-integer lengths, each reported", () => {
    const r = cli("predict", "-H", "h100-sxm", "-m", "llama-3.1-8b", "--input", "-5", "--output", "2.5", "--batch", "zero");
    expectCleanError(r);
    expect(r.stderr.trim().split("\n")).toHaveLength(3);
    expect(r.stderr).toMatch(/input must be an integer ≥ 0, got "-5"/);
    expect(r.stderr).toMatch(/output must be an integer ≥ 1, got "2.5"/);
  });
  it("a malformed hardware file lists every schema problem with its path", () => {
    const r = cli("predict", "-H", "bad-chip.yaml", "-m", "llama-3.1-8b");
    expectCleanError(r);
    for (const p of ["bad-chip.yaml: id", "bad-chip.yaml: class", "bad-chip.yaml: compute.bf16", "bad-chip.yaml: memory.bandwidthTBps", "unknown field \"surprise\""]) expect(r.stderr).toContain(p);
  });
  it("a YAML syntax error is reported with the file name", () => {
    const r = cli("predict", "-H", "broken.yaml", "-m", "llama-3.1-8b");
    expectCleanError(r);
    expect(r.stderr).toMatch(/file is not valid YAML: .*\(at broken.yaml\)/);
  });
  it("a missing file", () => {
    const r = cli("predict", "-H", "nope/chip.yaml", "-m", "llama-3.1-8b");
    expectCleanError(r);
    expect(r.stderr).toMatch(/cannot read "nope\/chip.yaml": no such file/);
  });
  it("an unknown option", () => {
    const r = cli("predict", "--hardwar", "h100-sxm");
    expect(r.code).toBe(2);
  });
  it("a bad enum value", () => {
    const r = cli("predict", "-H", "h100-sxm", "-m", "llama-3.1-8b", "--precision", "fp7");
    expectCleanError(r);
    expect(r.stderr).toMatch(/precision must be one of .*got "fp7"/);
  });
});

describe("compare, catalogs, headline", () => {
  it("compare prints ratios against the baseline", () => {
    const r = cli("compare", "-H", "h100-sxm,b200,groq-lpu", "-m", "llama-3.1-8b", "--precision", "fp8", "-i", "1500", "-o", "64", "--json");
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.baseline).toBe("h100-sxm");
    expect(j.rows.map((x: { hardware: string }) => x.hardware)).toEqual(["h100-sxm", "b200", "groq-lpu"]);
    expect(j.rows[0].user_speed_ratio).toBe(1);
    expect(j.rows[1].user_speed_ratio).toBeGreaterThan(1);
  });
  it("hardware list and show cite sources; model show prints the parameter count", () => {
    const l = cli("hardware", "list", "--json");
    expect(JSON.parse(l.stdout).length).toBeGreaterThanOrEqual(28);
    const s = cli("hardware", "show", "groq-lpu");
    expect(s.stdout).toMatch(/source: sram/);
    const m = cli("model", "show", "deepseek-r1");
    expect(m.stdout).toMatch(/671B total/);
  });
  it("headline covers both models, two batches and eight hardware", () => {
    const r = cli("headline", "--json");
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows).toHaveLength(2 * 2 * 8);
    expect(rows.filter((x: { hardware: string }) => x.hardware === "h100-sxm").every((x: { user_speed_vs_h100: number }) => x.user_speed_vs_h100 === 1)).toBe(true);
  });
  it("--help lists the commands", () => {
    const r = cli("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/predict.*\n.*compare/s);
  });
});

describe("a reader that closes the pipe early (infersim … | head)", () => {
  it("ends the CLI quietly: exit 0, no stack trace", async () => {
    const child = spawn(process.execPath, [bin, "hardware", "list", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // the reader is gone before the first write
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
  it("any other failure to write the output (a full device) exits 2 with one line, no stack trace", () => {
    const full = fs.openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [bin, "hardware", "list", "--json"], { stdio: ["ignore", full, "pipe"], encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^infersim: cannot write the output: ENOSPC/)]);
    } finally {
      fs.closeSync(full);
    }
  });
});
