/**
 * Chart export: an Observable Plot figure (its SVG plus an HTML swatch legend and title) redrawn
 * as one standalone SVG, and that SVG rasterised to PNG at twice the size.
 * @module
 */

const NS = "http://www.w3.org/2000/svg";
const SWATCH_ROW = 22;

/** Swatches of a Plot legend: colour and label per item. */
function swatches(figure: Element): { color: string; label: string }[] {
  return [...figure.querySelectorAll("[class$='-swatch']")].map((s) => {
    const shape = s.querySelector("svg");
    const color = shape?.getAttribute("fill") ?? shape?.querySelector("[fill]")?.getAttribute("fill") ?? "currentColor";
    return { color, label: s.textContent?.trim() ?? "" };
  });
}

/** One standalone SVG document for a chart container (a Plot `<figure>` or a bare `<svg>`). */
export function chartSvg(container: Element, title: string): string {
  const plotSvg = container.querySelector("svg[class^='plot'], svg.plot, figure > svg:last-of-type") ?? container.querySelector("svg");
  if (!plotSvg) return "";
  const width = Number(plotSvg.getAttribute("width") ?? 640);
  const height = Number(plotSvg.getAttribute("height") ?? 400);
  const items = swatches(container);
  const perRow = Math.max(1, Math.floor(width / 170));
  const legendH = items.length ? Math.ceil(items.length / perRow) * SWATCH_ROW + 6 : 0;
  const titleH = title ? 28 : 0;
  const root = document.createElementNS(NS, "svg");
  root.setAttribute("xmlns", NS);
  root.setAttribute("width", String(width));
  root.setAttribute("height", String(height + legendH + titleH));
  root.setAttribute("viewBox", `0 0 ${width} ${height + legendH + titleH}`);
  root.setAttribute("font-family", "system-ui, sans-serif");
  const bg = document.createElementNS(NS, "rect");
  bg.setAttribute("width", "100%");
  bg.setAttribute("height", "100%");
  bg.setAttribute("fill", "white");
  root.append(bg);
  if (title) {
    const t = document.createElementNS(NS, "text");
    t.setAttribute("x", "4");
    t.setAttribute("y", "19");
    t.setAttribute("font-size", "15");
    t.setAttribute("font-weight", "600");
    t.textContent = title;
    root.append(t);
  }
  items.forEach((it, i) => {
    const x = (i % perRow) * 170 + 4;
    const y = titleH + Math.floor(i / perRow) * SWATCH_ROW + 4;
    const r = document.createElementNS(NS, "rect");
    Object.entries({ x, y: y + 3, width: 12, height: 12, fill: it.color }).forEach(([k, v]) => r.setAttribute(k, String(v)));
    const t = document.createElementNS(NS, "text");
    Object.entries({ x: x + 17, y: y + 13, "font-size": 12 }).forEach(([k, v]) => t.setAttribute(k, String(v)));
    t.textContent = it.label;
    root.append(r, t);
  });
  const g = document.createElementNS(NS, "g");
  g.setAttribute("transform", `translate(0 ${titleH + legendH})`);
  const copy = plotSvg.cloneNode(true) as SVGSVGElement;
  copy.removeAttribute("style");
  g.append(copy);
  root.append(g);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(root);
}

/** Rasterise SVG text to a PNG blob at `scale` × its size. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(img.width * scale);
    canvas.height = Math.ceil(img.height * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("this browser cannot draw to a canvas");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}
