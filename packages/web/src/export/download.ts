/**
 * Save a file from the page: a Blob behind a temporary object URL and an `<a download>` click.
 * @module
 */

/** Offer `data` for download as `filename`. */
export function download(filename: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Offer text (CSV, SVG) for download. */
export function downloadText(filename: string, text: string, type: string): void {
  download(filename, new Blob([text], { type }));
}

/** A filename-safe slug: "Compare: llama-3.3-70b" → "compare-llama-3.3-70b". */
export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^-+|-+$/g, "");
