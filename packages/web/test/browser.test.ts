/**
 * The web app in a real browser: the built app served on localhost, driven by Debian's Chromium
 * (headless, through playwright-core). Loads every view, edits inputs and watches numbers and
 * charts change, reloads a copied URL, exports CSV/SVG/PNG, feeds bad custom files, and measures
 * how long Compare takes to recompute ten hardware (worker round trip, in the page).
 */
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildApp, CHROMIUM, launch, REPO_DIR, serve, shouldWriteScreenshot, tempDir } from "./harness.js";

const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn(`web browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

const IMG_DIR = path.join(REPO_DIR, "docs", "img");
const TEN = ["h100-sxm", "h200-sxm", "b200", "gb200", "mi300x", "mi355x", "tpu-v6e", "gaudi3", "cerebras-cs3", "groq-lpu"];
const COMPARE_ROWS = "section[aria-label='Comparison'] tbody tr";

/** RFC 4180 CSV: rows of fields; quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (quoted || (ch !== "," && ch !== "\n" && ch !== "\r")) field += ch;
    else if (ch === ",") endField();
    else if (ch === "\n") {
      endField();
      rows.push(row);
      row = [];
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

describe.skipIf(!HAS_CHROMIUM)("web app in Chromium", () => {
  let base = "";
  let context: BrowserContext;
  const closers: (() => Promise<void>)[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const out = tempDir("infersim-web-");
    const t0 = performance.now();
    await buildApp(out);
    console.log(`web app built in ${Math.round(performance.now() - t0)} ms`);
    const server = await serve(out);
    const browser = await launch();
    base = server.url;
    context = browser.context;
    closers.push(browser.close, server.close, async () => fs.rmSync(out, { recursive: true, force: true }));
  }, 120_000);

  afterAll(async () => {
    for (const close of closers) await close();
  });

  async function open(query: string): Promise<Page> {
    const page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(base + query);
    return page;
  }

  /** Wait until Compare shows `n` rows and is not recomputing. */
  const compareReady = (page: Page, n: number) =>
    page.waitForFunction(([sel, count]) => document.querySelectorAll(sel).length === count && !document.querySelector(".stale"), [COMPARE_ROWS, n] as const);

  async function screenshot(page: Page, name: string) {
    const file = path.join(IMG_DIR, name);
    if (!shouldWriteScreenshot(file)) return;
    fs.mkdirSync(IMG_DIR, { recursive: true });
    await page.screenshot({ path: file });
  }

  /** Click a CSV button and parse the download (quoted fields allowed) into records. */
  async function downloadCsv(page: Page, button: RegExp): Promise<Record<string, string>[]> {
    const [d] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
    const [head = [], ...rows] = parseCsv(fs.readFileSync(await d.path(), "utf8"));
    return rows.map((r) => Object.fromEntries(head.map((k, i) => [k, r[i] ?? ""])));
  }

  test("Compare loads: a row per hardware and the bottleneck chart (laptop and phone)", async () => {
    const compare = await open("?view=compare");
    await compareReady(compare, 6);
    await compare.locator("[data-chart='compare-bottleneck'] svg rect").first().waitFor({ state: "attached" });
    expect(await compare.locator("[data-chart='compare-bottleneck'] svg rect").count()).toBeGreaterThan(12);
    await screenshot(compare, "web-compare.png");
    await compare.setViewportSize({ width: 390, height: 844 });
    await compare.waitForTimeout(150);
    await screenshot(compare, "web-compare-phone.png");
    await compare.close();
  });

  test("Pareto loads: a curve per hardware and a table of every point", async () => {
    const pareto = await open("?view=pareto");
    await pareto.locator("[data-chart='pareto'] g[aria-label='line'] path").first().waitFor({ state: "attached" });
    expect(await pareto.locator("[data-chart='pareto'] g[aria-label='line'] path").count()).toBe(6);
    expect(await pareto.locator("section[aria-label^='Every point'] tbody tr").count()).toBeGreaterThan(20);
    await screenshot(pareto, "web-pareto.png");
    await pareto.close();
  });

  test("Validation loads: loading state, then scatter and error tables for both datasets", async () => {
    const validation = await open("?view=validation");
    await validation.locator(".busy[data-busy='true']").waitFor();
    await validation.getByTestId("validation-summary").waitFor({ timeout: 50_000 });
    expect(await validation.getByTestId("validation-summary").innerText()).toMatch(/\d+ of \d+ rows predicted/);
    expect(await validation.locator("[data-chart='validation-scatter'] svg circle").count()).toBeGreaterThan(500);
    await screenshot(validation, "web-validation.png");
    await validation.selectOption("select[name='data']", "oof");
    await validation.getByText("out-of-fold (data/calibration/out-of-fold.csv)", { exact: false }).waitFor();
    await validation.selectOption("select[name='by']", "source");
    await validation.getByRole("heading", { name: "Error by source" }).waitFor();
    await validation.close();
  });

  test("Catalog loads: hardware and models with their sources linked", async () => {
    const catalog = await open("?view=catalog");
    await catalog.getByRole("heading", { name: /^Hardware \(\d+\)$/ }).waitFor();
    expect(await catalog.locator("section[aria-label^='Hardware'] tbody tr").count()).toBeGreaterThanOrEqual(30);
    expect(await catalog.locator("section[aria-label^='Models'] tbody tr").count()).toBeGreaterThanOrEqual(20);
    expect(await catalog.locator("a.ref[href^='http']").count()).toBeGreaterThan(60);
    // Every rated format, as the CLI's catalog lists it (mi250 rates fp32).
    expect(await catalog.locator("section[aria-label^='Hardware'] tbody tr").filter({ hasText: "mi250" }).first().innerText()).toMatch(/fp32 [\d.]+ [PT]FLOP\/s/);
    await screenshot(catalog, "web-catalog.png");
    await catalog.close();
  });

  test("the keyboard reaches the tabs and switches views", async () => {
    const page = await open("?view=compare");
    await compareReady(page, 6);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Pareto");
    await page.keyboard.press("Enter");
    await page.locator("main[data-view='pareto']").waitFor();
    expect(page.url()).toContain("view=pareto");
    await page.close();
  });

  test("changing hardware and model changes the numbers and the chart", async () => {
    const page = await open("?view=compare");
    await compareReady(page, 6);
    const table0 = await page.locator(COMPARE_ROWS).allInnerTexts();
    const chart0 = await page.locator("[data-chart='compare-bottleneck']").innerHTML();
    await page.getByRole("checkbox", { name: "gb200", exact: true }).check();
    await compareReady(page, 7);
    expect((await page.locator(COMPARE_ROWS).allInnerTexts()).some((r) => r.startsWith("gb200"))).toBe(true);
    const chart1 = await page.locator("[data-chart='compare-bottleneck']").innerHTML();
    expect(chart1).not.toBe(chart0);
    await page.selectOption("select[name='model']", "gpt-oss-120b");
    await page.selectOption("select[name='precision']", "mxfp4");
    await page.getByRole("heading", { name: /^gpt-oss-120b:/ }).waitFor();
    await compareReady(page, 7);
    const table2 = await page.locator(COMPARE_ROWS).allInnerTexts();
    expect(table2[0]).not.toBe(table0[0]);
    expect(await page.locator("[data-chart='compare-bottleneck']").innerHTML()).not.toBe(chart1);
    await page.close();
  });

  test("a copied URL reproduces the view", async () => {
    const page = await open("?view=pareto");
    await page.locator("[data-chart='pareto'] g[aria-label='line'] path").first().waitFor({ state: "attached" });
    await page.selectOption("select[name='model']", "qwen3-32b");
    await page.selectOption("select[name='precision']", "bf16");
    await page.fill("input[name='input']", "2048");
    await page.selectOption("select[name='scale']", "linear");
    await page.waitForFunction(() => !document.querySelector(".stale") && document.body.innerText.includes("qwen3-32b, 2048 in"));
    const url = page.url();
    expect(url).toMatch(/view=pareto.*model=qwen3-32b/);
    const rows = await page.locator("section[aria-label^='Every point'] tbody tr").allInnerTexts();
    const again = await open(url.slice(base.length));
    await again.waitForFunction((n) => document.querySelectorAll("section[aria-label^='Every point'] tbody tr").length === n, rows.length);
    expect(await again.inputValue("select[name='model']")).toBe("qwen3-32b");
    expect(await again.inputValue("input[name='input']")).toBe("2048");
    expect(await again.inputValue("select[name='scale']")).toBe("linear");
    expect(await again.locator(".tabs a[aria-current='page']").innerText()).toBe("Pareto");
    expect(await again.locator("section[aria-label^='Every point'] tbody tr").allInnerTexts()).toEqual(rows);
    await page.close();
    await again.close();
  });

  test("tables export CSV and charts export SVG and PNG", async () => {
    const page = await open("?view=compare");
    await compareReady(page, 6);
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^CSV of llama-3.3-70b/ }).click()]);
    expect(csv.suggestedFilename()).toBe("compare.csv");
    const text = fs.readFileSync(await csv.path(), "utf8");
    expect(text.split("\n")[0]).toMatch(/^hardware,model,fits,reason,chips,.*ttft_ms,ttft_ms_p10,ttft_ms_p90/);
    // The per-chip interval the table shows is in the CSV too.
    expect(text.split("\n")[0]).toContain("output_tokens_per_s_per_chip,output_tokens_per_s_per_chip_p10,output_tokens_per_s_per_chip_p90");
    expect(text.trim().split("\n")).toHaveLength(7);
    const [svg] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^SVG of Decode step/ }).click()]);
    const svgText = fs.readFileSync(await svg.path(), "utf8");
    expect(svgText).toMatch(/^<\?xml[^]*<svg[^]*memory[^]*<\/svg>$/);
    const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^PNG of Decode step/ }).click()]);
    expect(fs.readFileSync(await png.path()).subarray(1, 4).toString()).toBe("PNG");
    await page.close();
  });

  test("Compare and Pareto give the same numbers for the same point (CSV of each)", async () => {
    const shape = "model=llama-3.3-70b&precision=fp8&hw=h100-sxm,b200&batch=1&input=1024&output=128";
    const compare = await open(`?view=compare&${shape}`);
    await compareReady(compare, 2);
    const byCompare = await downloadCsv(compare, /^CSV of llama-3.3-70b/);
    const pareto = await open(`?view=pareto&${shape}`);
    await pareto.locator("section[aria-label^='Every point'] tbody tr").first().waitFor();
    const byPareto = await downloadCsv(pareto, /^CSV of Every point/);
    for (const hw of ["h100-sxm", "b200"]) {
      const c = byCompare.find((r) => r.hardware === hw);
      const p = byPareto.find((r) => r.hardware === hw && r.batch === "1");
      expect(c && p).toBeTruthy();
      for (const k of ["chips", "ttft_ms", "tpot_ms", "tokens_per_s_per_user", "output_tokens_per_s_per_chip", "cost_usd_per_mtok"]) expect([k, p![k]]).toEqual([k, c![k]]);
    }
    await compare.close();
    await pareto.close();
  });

  test("custom hardware and models: bad files name the path, good ones join the pickers", async () => {
    const page = await open("?view=compare");
    await compareReady(page, 6);
    await page.getByText("Custom hardware and models").click();
    const paste = page.locator("textarea[name='custom-hardware']");
    const example = await paste.inputValue();
    await paste.fill(example.replace("bandwidthTBps: 6.0", "bandwidthTBps: -2"));
    await page.getByRole("button", { name: "Add pasted hardware" }).click();
    await expect.poll(() => page.locator(".issues").innerText()).toContain("(at pasted.yaml: memory.bandwidthTBps)");

    await page.fill("input[name='hw-bandwidthTBps']", "fast");
    await page.getByRole("button", { name: "Add hardware from form" }).click();
    await expect.poll(() => page.locator(".issues").innerText()).toContain("(at form: memory.bandwidthTBps)");

    await paste.fill(example);
    await page.getByRole("button", { name: "Add pasted hardware" }).click();
    await compareReady(page, 7);
    expect((await page.locator(COMPARE_ROWS).allInnerTexts()).some((r) => r.startsWith("my-chip"))).toBe(true);
    expect(page.url()).toContain("custom=");

    const config = JSON.parse(fs.readFileSync(path.join(REPO_DIR, "packages/core/catalog/models/llama-3.1-8b.json"), "utf8")).config as Record<string, unknown>;
    const upload = (cfg: object) => page.setInputFiles("input[name='model-config']", { name: "config.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(cfg)) });
    await upload({ ...config, num_hidden_layers: -1 });
    await expect.poll(() => page.locator(".issues").innerText()).toContain("(at config.json: config.num_hidden_layers)");
    await upload({ ...config, _name_or_path: "acme/Tiny-Llama" });
    await page.getByRole("heading", { name: /^tiny-llama:/ }).waitFor();
    await compareReady(page, 7);

    const shared = await open(page.url().slice(base.length));
    await compareReady(shared, 7);
    expect(await shared.inputValue("select[name='model']")).toBe("tiny-llama");
    await shared.close();
    await page.close();
  });

  test("Compare recomputes ten hardware quickly (worker round trip, measured in the page)", async () => {
    const page = await open(`?view=compare&hw=${TEN.join(",")}&baseline=h100-sxm&model=llama-3.3-70b&precision=fp8`);
    await compareReady(page, 10);
    const times: number[] = [];
    for (const batch of [2, 4, 8, 16, 32, 64, 1, 3, 5, 7]) {
      await page.fill("input[name='batch']", String(batch));
      const timing = page.locator(`[data-testid='compare-timing'][data-batch='${batch}']`);
      await timing.waitFor();
      times.push(Number(await timing.getAttribute("data-roundtrip-ms")));
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(`Compare recompute, 10 hardware: median ${median.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms over ${times.length} round trips (target < 100 ms)`);
    expect(median).toBeLessThan(100);
    await page.close();
  });

  test("no uncaught errors in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
