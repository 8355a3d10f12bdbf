/**
 * Browser-test harness: build the web app with Vite's build API into a temporary folder, serve it
 * from a tiny static server on a free localhost port, and drive Debian's Chromium headless through
 * playwright-core with a fresh user-data dir.
 * @module
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { build } from "vite";

export const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
export const REPO_DIR = path.resolve(WEB_DIR, "../..");

/** Chromium to drive: $CHROMIUM_PATH, else Debian's. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

/** Production build of the app into `outDir` (React's production build, as `npm run build`). */
export async function buildApp(outDir: string): Promise<void> {
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: path.join(WEB_DIR, "vite.config.ts"), logLevel: "warn", build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = env;
  }
}

/** Serve `dir` on 127.0.0.1 at a free port; returns the base URL and a close function. */
export async function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = path.join(root, p.endsWith("/") ? p + "index.html" : p);
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  if (!addr || typeof addr === "string") throw new Error("static server has no port");
  return { url: `http://127.0.0.1:${addr.port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Headless Chromium with the flags CI needs and a fresh profile. */
export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "infersim-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    viewport: { width: 1360, height: 900 },
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A temporary folder for the build. */
export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Whether screenshots should be (re)written: always when INFERSIM_SCREENSHOTS=1, else only missing ones. */
export function shouldWriteScreenshot(file: string): boolean {
  return process.env.INFERSIM_SCREENSHOTS === "1" || !fs.existsSync(file);
}

/** A built, served app in a fresh browser: open pages, collect their errors, take screenshots. */
export interface App {
  readonly base: string;
  /** Open `base + query` in a new page whose uncaught errors go to `pageErrors`; `init` runs before the page's own scripts. */
  readonly open: (query: string, init?: () => void) => Promise<Page>;
  readonly pageErrors: string[];
  /** Write docs/img/`name` (see {@link shouldWriteScreenshot}). */
  readonly screenshot: (page: Page, name: string) => Promise<void>;
  readonly close: () => Promise<void>;
}

/** Build the app, serve it and launch Chromium (for a test file's `beforeAll`). */
export async function startApp(prefix: string): Promise<App> {
  const out = tempDir(prefix);
  await buildApp(out);
  const server = await serve(out);
  const browser = await launch();
  const pageErrors: string[] = [];
  const imgDir = path.join(REPO_DIR, "docs", "img");
  return {
    base: server.url,
    pageErrors,
    open: async (query, init) => {
      const page = await browser.context.newPage();
      page.on("pageerror", (e) => pageErrors.push(e.message));
      if (init) await page.addInitScript(init);
      await page.goto(server.url + query);
      return page;
    },
    screenshot: async (page, name) => {
      const file = path.join(imgDir, name);
      if (!shouldWriteScreenshot(file)) return;
      fs.mkdirSync(imgDir, { recursive: true });
      await page.screenshot({ path: file });
    },
    close: async () => {
      await browser.close();
      await server.close();
      fs.rmSync(out, { recursive: true, force: true });
    },
  };
}
