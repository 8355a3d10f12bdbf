/**
 * The Simulate view in a real browser (built app, headless Chromium): a default run shows the key
 * numbers, latency CDFs and the timeline; edits re-run it (a long run reports progress and is
 * stopped by the next edit); a disaggregated run shows the pairing and the KV transfer time; a
 * copied URL reproduces the view; the summary and the timeline export CSV.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CHROMIUM, startApp, type App } from "./harness.js";

const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const SECTION = "section[aria-label='Simulation']";
const CDF = "[data-chart='simulate-latency-cdf']";

/** Wait until a run has finished and the results mention `text`. */
const simDone = (page: Page, text = "") =>
  page.waitForFunction(
    ([sel, t]) => {
      const s = document.querySelector(sel);
      return !!s && s.getAttribute("aria-busy") === "false" && !!s.querySelector("[data-testid='simulate-timing']") && (s as HTMLElement).innerText.includes(t);
    },
    [SECTION, text] as const,
    { timeout: 30_000 },
  );

const keyNumbers = (page: Page) => page.getByTestId("key-numbers").innerText();
const latencyRows = (page: Page) => page.locator("section[aria-label='Latency (ms)'] tbody tr").allInnerTexts();

describe.skipIf(!HAS_CHROMIUM)("Simulate view in Chromium", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp("infersim-web-sim-");
  }, 120_000);
  afterAll(async () => app?.close());

  test("loads: key numbers, SLO checks, latency CDFs and the timeline", async () => {
    const page = await app.open("?view=simulate");
    await simDone(page, "4 × b200");
    const timing = page.getByTestId("simulate-timing");
    console.log(`Simulate default (2,000 requests, code-chat on 4 × b200): ${await timing.getAttribute("data-roundtrip-ms")} ms round trip`);
    expect(Number(await timing.getAttribute("data-requests"))).toBe(2000);
    expect(await keyNumbers(page)).toMatch(/REQUESTS\s+2,000[^]*THROUGHPUT[^]*GOODPUT[^]*SLO ATTAINMENT/i);
    expect(await latencyRows(page)).toHaveLength(4);
    expect((await page.locator("section[aria-label^='SLO checks'] tbody tr").allInnerTexts()).join("\n")).toMatch(/TTFT p50[^]*(met|missed)/);
    expect(await page.locator(`${CDF} g[aria-label='line'] path`).count()).toBe(3);
    expect(await page.locator("[data-chart='simulate-queue'] g[aria-label='line'] path").count()).toBe(2);
    expect(await page.locator("[data-chart='simulate-kv'] g[aria-label='area'] path").count()).toBe(1);
    await page.setViewportSize({ width: 1360, height: 1300 });
    await page.waitForTimeout(150);
    await app.screenshot(page, "web-simulate.png");
    await page.close();
  });

  test("changing rate, hardware and model re-runs: the numbers and the CDF change", async () => {
    const page = await app.open("?view=simulate&requests=1000");
    await simDone(page, "code-chat at 1.00/s");
    const numbers0 = await keyNumbers(page);
    const cdf0 = await page.locator(CDF).innerHTML();
    await page.fill("input[name='rate']", "2");
    await simDone(page, "code-chat at 2.00/s");
    const numbers1 = await keyNumbers(page);
    expect(numbers1).not.toBe(numbers0);
    expect(await page.locator(CDF).innerHTML()).not.toBe(cdf0);
    await page.selectOption("select[name='sim_hw']", "h100-sxm");
    await simDone(page, "4 × h100-sxm");
    expect(await keyNumbers(page)).not.toBe(numbers1);
    await page.selectOption("select[name='model']", "qwen3-32b");
    await simDone(page, "Latency CDFs — qwen3-32b");
    expect(page.url()).toMatch(/view=simulate.*model=qwen3-32b.*sim_hw=h100-sxm.*rate=2/);
    await page.close();
  });

  test("a long run shows its progress and the next edit stops it", async () => {
    const page = await app.open("?view=simulate&requests=1000");
    await simDone(page, "code-chat");
    await page.fill("input[name='requests']", "40000");
    const label = page.getByTestId("progress-label");
    await label.waitFor();
    expect(await label.innerText()).toMatch(/[\d,]+ of 40,000 requests done \(t = [\d,]+ s\)/);
    expect(await page.locator(".busy progress").count()).toBe(1);
    const t0 = performance.now();
    await page.fill("input[name='requests']", "500");
    await page.locator(`${SECTION}[aria-busy='false'] [data-testid='simulate-timing'][data-requests='500']`).waitFor({ timeout: 20_000 });
    const ms = performance.now() - t0;
    console.log(`Simulate: a 40,000-request run stopped by an edit; the next run (500 requests) showed after ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(5000);
    await page.close();
  });

  test("disaggregated: the pairing, the KV transfer time and the link override", async () => {
    const page = await app.open("?view=simulate&scheduler=disaggregated&prefill_hw=b200&decode_hw=h200-sxm&requests=1000");
    await simDone(page, "KV transfer");
    const pairing = page.getByTestId("pairing");
    expect(await pairing.innerText()).toMatch(/PREFILL POOL\s+b200 × 1 chip[^]*KV LINK[^]*DECODE POOL\s+h200-sxm × 1 chip/i);
    const kv = async () => Number(/KV transfer ([\d.]+) ms mean/.exec(await page.getByTestId("kv-transfer").innerText())?.[1]);
    const before = await kv();
    expect(before).toBeGreaterThan(0);
    expect((await latencyRows(page)).some((r) => r.startsWith("KV transfer"))).toBe(true);
    expect(await keyNumbers(page)).toMatch(/KV TRANSFER\s+[\d.]+ ms/i);
    await page.fill("input[name='link_gbps']", "5");
    await simDone(page, "5.0 GB/s");
    expect(await pairing.innerText()).toContain("(overridden)");
    expect(await kv()).toBeGreaterThan(before);
    await page.close();
  });

  test("a copied URL reproduces the run; summary and timeline export CSV", async () => {
    const page = await app.open("?view=simulate&requests=1000");
    await simDone(page, "code-chat");
    await page.fill("input[name='seed']", "7");
    await page.selectOption("select[name='router']", "round-robin");
    await page.getByRole("checkbox", { name: "Prefix caching" }).uncheck();
    await simDone(page, "router round-robin; code-chat at 1.00/s, seed 7, prefix caching off");
    const numbers = await keyNumbers(page);
    const rows = await latencyRows(page);
    const again = await app.open(page.url().slice(app.base.length));
    await simDone(again, "router round-robin; code-chat at 1.00/s, seed 7, prefix caching off");
    expect(await again.inputValue("input[name='seed']")).toBe("7");
    expect(await again.isChecked("input[name='prefix']")).toBe(false);
    expect(await again.locator(".tabs a[aria-current='page']").innerText()).toBe("Simulate");
    expect(await keyNumbers(again)).toBe(numbers);
    expect(await latencyRows(again)).toEqual(rows);

    const [summary] = await Promise.all([again.waitForEvent("download"), again.getByRole("button", { name: "CSV of the simulation summary" }).click()]);
    expect(summary.suggestedFilename()).toBe("simulate-summary.csv");
    const lines = fs.readFileSync(await summary.path(), "utf8").trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^workload,rate,seed,scheduler,router,serving,kv_link,requests,completed,cancelled,[^]*ttft_ms_p99/);
    expect(lines[1]).toMatch(/^code-chat,1,7,chunked,round-robin,/);
    const [timeline] = await Promise.all([again.waitForEvent("download"), again.getByRole("button", { name: "CSV of the timeline" }).click()]);
    const tl = fs.readFileSync(await timeline.path(), "utf8").trim().split("\n");
    expect(tl[0]).toBe("t_s,queue,running,kv_utilization");
    expect(tl.length).toBeGreaterThan(100);
    const [svg] = await Promise.all([again.waitForEvent("download"), again.getByRole("button", { name: /^SVG of Latency CDFs/ }).click()]);
    expect(fs.readFileSync(await svg.path(), "utf8")).toMatch(/^<\?xml[^]*TTFT[^]*<\/svg>$/);
    await page.close();
    await again.close();
  });

  test("no uncaught errors in the page", () => {
    expect(app.pageErrors).toEqual([]);
  });
});
