// Temporary: screenshots for a visual check (deleted before hand-off).
import fs from "node:fs";
import { test } from "vitest";
import { buildApp, launch, serve, tempDir } from "./harness.js";

test("peek", async () => {
  const out = tempDir("peek-");
  await buildApp(out);
  const server = await serve(out);
  const { context, close } = await launch();
  const urls = (process.env.PEEK ?? "?view=simulate").split(" ");
  let i = 0;
  for (const u of urls) {
    const page = await context.newPage();
    page.on("pageerror", (e) => console.log("PAGEERROR", e.message));
    page.on("console", (m) => console.log("CONSOLE", m.text()));
    const t0 = Date.now();
    await page.goto(server.url + u);
    await page.waitForTimeout(Number(process.env.PEEK_WAIT ?? 4000));
    console.log(u, "timing:", await page.locator(".timing").allInnerTexts(), Date.now() - t0);
    console.log(await page.evaluate(() => [...document.querySelectorAll(".chart-body")].map((b) => `${b.getAttribute("data-chart")} box ${b.clientWidth} svg ${b.querySelector("svg")?.getAttribute("width")} ${b.firstElementChild?.tagName}`)));
    await page.screenshot({ path: `/tmp/shots/peek${i++}.png`, fullPage: true });
    await page.close();
  }
  await close();
  await server.close();
  fs.rmSync(out, { recursive: true, force: true });
}, 120000);
