/**
 * The Plan view in a real browser (built app, headless Chromium): the default plan of eight
 * hardware shows the cheapest option per hardware, the failures, the cost chart, both frontiers
 * and the pairings verdict; edits re-plan; the simulator check reports progress and marks rows;
 * editing the pairings does not restart a running plan; a copied URL reproduces the view; the
 * tables export CSV.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CHROMIUM, startApp, type App } from "./harness.js";

const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const BEST = "section[aria-label^='Cheapest option'] tbody tr";
const PAIRS = "section[aria-label='Best pools per pairing'] tbody tr";

/** Wait until the plan is computed and its heading mentions `text`. */
const planDone = (page: Page, text = "") =>
  page.waitForFunction(
    ([t]) => {
      const s = document.querySelector("section[aria-label='Plan']");
      return !!s && s.getAttribute("aria-busy") === "false" && !!s.querySelector("[data-testid='plan-timing']") && (s as HTMLElement).innerText.includes(t);
    },
    [text] as const,
    { timeout: 40_000 },
  );

const bestRows = (page: Page) => page.locator(BEST).allInnerTexts();

/** Wait until a pairing row mentions `hw`. */
const pairsWith = (page: Page, hw: string) => page.waitForFunction(([sel, h]) => [...document.querySelectorAll(sel)].some((r) => (r as HTMLElement).innerText.includes(h)), [PAIRS, hw] as const);

/** Init script: record the name of every Web Worker the page starts, in `window.workersStarted`. */
function recordWorkers() {
  const started: string[] = [];
  (window as unknown as { workersStarted: string[] }).workersStarted = started;
  window.Worker = class extends window.Worker {
    constructor(url: string | URL, opts?: WorkerOptions) {
      super(url, opts);
      started.push(opts?.name ?? "");
    }
  };
}

describe.skipIf(!HAS_CHROMIUM)("Plan view in Chromium", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp("infersim-web-plan-");
  }, 120_000);
  afterAll(async () => app?.close());

  test("loads: cheapest option per hardware, failures, cost chart, frontiers and pairings", async () => {
    const page = await app.open("?view=plan");
    await planDone(page, "coding-agent at 10 req/s");
    const timing = page.getByTestId("plan-timing");
    console.log(`Plan, 8 hardware: ${await timing.getAttribute("data-roundtrip-ms")} ms round trip (${await timing.innerText()})`);
    expect(await timing.getAttribute("data-hardware")).toBe("8");
    const rows = await bestRows(page);
    const failed = await page.locator("section[aria-label='Hardware without an option'] li").allInnerTexts();
    expect(rows.length + failed.length).toBe(8);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[0]).toMatch(/^\S+\s+\d+ × \d+ = \d+\s+tp\d+ pp\d+/);
    expect(failed.every((f) => /^\S+: .+/.test(f))).toBe(true);
    expect(await page.getByTestId("plan-slo").innerText()).toMatch(/TTFT p99 ≤ 10,000 ms, TPOT p99 ≤ 50 ms/);
    expect(await page.locator("[data-chart='plan-cost'] g[aria-label='bar'] rect").count()).toBe(rows.length);
    expect(await page.locator("[data-chart='plan-throughput-frontier'] g[aria-label='line'] path").count()).toBeGreaterThan(3);
    expect(await page.locator("[data-chart='plan-cost-frontier'] g[aria-label='dot'] circle").count()).toBeGreaterThan(1);
    await page.locator(PAIRS).first().waitFor();
    expect(await page.locator(PAIRS).count()).toBe(6);
    // Llama-3.3-70B agents: whether any mixed pairing meets the SLO depends on the model; the verdict says which.
    expect(await page.getByTestId("pairing-verdict").innerText()).toMatch(/best mixed pairing, \S+ → \S+ at \$[\d,.]+\/hour, is (not )?cheaper than the best single architecture|^No mixed pairing meets the SLO; the best single/);
    await page.setViewportSize({ width: 1360, height: 1300 });
    await page.waitForTimeout(150);
    await app.screenshot(page, "web-plan.png");
    await page.close();
  });

  test("changing hardware, demand and model re-plans: the numbers and the charts change", async () => {
    const page = await app.open("?view=plan");
    await planDone(page, "coding-agent at 10 req/s");
    const rows0 = await bestRows(page);
    const chart0 = await page.locator("[data-chart='plan-cost']").innerHTML();
    await page.locator("fieldset[data-picker='plan_hw']").getByRole("checkbox", { name: "groq-lpu", exact: true }).uncheck();
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n && !document.querySelector(".stale"), [BEST, rows0.length - 1] as const);
    expect((await bestRows(page)).some((r) => r.startsWith("groq-lpu"))).toBe(false);
    expect(await page.locator("[data-chart='plan-cost']").innerHTML()).not.toBe(chart0);
    const rows1 = await bestRows(page);
    await page.fill("input[name='demand']", "40");
    await planDone(page, "coding-agent at 40 req/s");
    const rows2 = await bestRows(page);
    expect(rows2[0]).not.toBe(rows1[0]);
    await page.selectOption("select[name='model']", "qwen3-32b");
    await planDone(page, "qwen3-32b, coding-agent at 40 req/s");
    expect(await bestRows(page)).not.toEqual(rows2);
    await page.close();
  });

  test("confirm with the simulator: progress, then a simulator check per confirmed row", async () => {
    const page = await app.open("?view=plan&demand=5&plan_hw=b200,mi355x,h200-sxm");
    await planDone(page, "at 5 req/s");
    const planned = (await bestRows(page)).length;
    await page.getByRole("checkbox", { name: "Confirm with the simulator" }).check();
    await page.getByTestId("progress-label").filter({ hasText: /simulating/ }).waitFor({ timeout: 20_000 });
    await planDone(page, "simulator checked");
    // The cheapest `confirmHardware` hardware (the CLI's --confirm default) are checked, as the hint says.
    const confirmHardware = Number(await page.getByTestId("plan-slo").getAttribute("data-confirm-hardware"));
    expect(confirmHardware).toBe(3);
    expect(await page.locator("input[name='confirm']").getAttribute("aria-describedby").then((id) => page.locator(`[id='${id}']`).innerText())).toContain(`of the ${confirmHardware} cheapest hardware`);
    // A confirmed option shows "ok" (or "miss") in the Simulator column; a hardware whose checked options all miss drops to the failures, saying so.
    const sim = await page.locator(`${BEST} td:last-child`).allInnerTexts();
    const failed = await page.locator("section[aria-label='Hardware without an option'] li").allInnerTexts();
    const checked = Math.min(confirmHardware, planned);
    expect(sim.filter((s) => /^(ok|miss)/.test(s)).length + failed.filter((f) => f.includes("simulated p99 misses the SLO")).length).toBe(checked);
    expect((await page.getByTestId("plan-slo").innerText()).match(/simulator checked ([^.;]+)/)?.[1]?.split(", ")).toHaveLength(checked);
    await page.close();
  });

  test("editing the pairings while the simulator checks a plan does not restart the plan; both finish", async () => {
    const page = await app.open("?view=plan&demand=5&plan_hw=b200,mi355x,h200-sxm&confirm=1", recordWorkers);
    await page.getByTestId("progress-label").filter({ hasText: /simulating/ }).waitFor({ timeout: 20_000 });
    // Two edits while the plan runs: the second supersedes the first's pairings request.
    const decode = page.locator("fieldset[data-picker='decode_set']");
    await decode.getByRole("checkbox", { name: "h200-sxm", exact: true }).check();
    await decode.getByRole("checkbox", { name: "b200", exact: true }).check();
    await pairsWith(page, "→\tb200");
    await planDone(page, "simulator checked");
    const started = await page.evaluate(() => (window as unknown as { workersStarted: string[] }).workersStarted);
    expect(started.filter((n) => n === "infersim-core-plan")).toHaveLength(1);
    expect(await page.locator(PAIRS).allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining("→\th200-sxm")]));
    await page.close();
  });

  test("a copied URL reproduces the plan; tables export CSV", async () => {
    const page = await app.open("?view=plan");
    await planDone(page, "coding-agent");
    await page.selectOption("select[name='plan_workload']", "batch-eval");
    await page.fill("input[name='tpot_p99']", "80");
    await page.selectOption("select[name='cost']", "ownership");
    await page.locator("fieldset[data-picker='decode_set']").getByRole("checkbox", { name: "h200-sxm", exact: true }).check();
    await planDone(page, "TPOT p99 ≤ 80 ms; ownership prices");
    await pairsWith(page, "→\th200-sxm");
    // Hardware that meets the SLO but has no ownership price is marked as such, apart from those that miss it.
    const unpriced = page.locator("section[aria-label='Hardware without an option'] li[data-unpriced='true']");
    expect(await unpriced.count()).toBeGreaterThan(0);
    expect(await unpriced.first().locator(".tag").innerText()).toBe("no price");
    const rows = await bestRows(page);
    const pairs = await page.locator(PAIRS).allInnerTexts();
    const again = await app.open(page.url().slice(app.base.length));
    await planDone(again, "TPOT p99 ≤ 80 ms; ownership prices");
    await pairsWith(again, "→\th200-sxm");
    expect(await again.locator(PAIRS).allInnerTexts()).toEqual(pairs);
    expect(await again.inputValue("input[name='tpot_p99']")).toBe("80");
    expect(await again.inputValue("select[name='cost']")).toBe("ownership");
    expect(await bestRows(again)).toEqual(rows);
    expect(await again.locator(".tabs a[aria-current='page']").innerText()).toBe("Plan");

    const [csv] = await Promise.all([again.waitForEvent("download"), again.getByRole("button", { name: /^CSV of Cheapest option/ }).click()]);
    expect(csv.suggestedFilename()).toBe("plan.csv");
    const lines = fs.readFileSync(await csv.path(), "utf8").trim().split("\n");
    expect(lines[0]).toMatch(/^hardware,hardware_class,chips,replicas,chips_total,tp,pp,ep,weight_precision,[^]*cost_usd_per_hour,cost_usd_per_mtok,cost_basis/);
    expect(lines).toHaveLength(rows.length + 1);
    const [pairsCsv] = await Promise.all([again.waitForEvent("download"), again.getByRole("button", { name: "CSV of Best pools per pairing" }).click()]);
    const pl = fs.readFileSync(await pairsCsv.path(), "utf8").trim().split("\n");
    expect(pl[0]).toMatch(/^prefill_hardware,prefill_chips,prefill_replicas,decode_hardware,[^]*kv_transfer_ms/);
    expect(pl).toHaveLength(pairs.length + 1);
    const [png] = await Promise.all([again.waitForEvent("download"), again.getByRole("button", { name: /^PNG of Cost per hour/ }).click()]);
    expect(fs.readFileSync(await png.path()).subarray(1, 4).toString()).toBe("PNG");
    await page.close();
    await again.close();
  });

  test("no uncaught errors in the page", () => {
    expect(app.pageErrors).toEqual([]);
  });
});
