/**
 * Number formatting and table cell renderers: fixed decimals, about three significant figures,
 * percentages and durations; a value with its p10–p90 interval; source references as links.
 * @module
 */
import type { ReactNode } from "react";

/** Fixed decimals, or "—" for a missing value. */
export function fix(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Digits that keep about three significant figures. */
export const digitsFor = (x: number) => (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : Math.abs(x) >= 1 ? 2 : 3);

/** About three significant figures ({@link digitsFor}), or "—" for a missing value. */
export const sig = (x: number | null | undefined) => (x === null || x === undefined ? "—" : fix(x, digitsFor(x)));

/** Rounded to a whole number with thousands separators: 12345.6 → "12,346". */
export const int = (x: number) => fix(x, 0);

/** A fraction as a percentage with one decimal: 0.1234 → "12.3%". */
export const pct = (x: number) => `${fix(x * 100, 1)}%`;

/** A duration in ms, in ms below a second: 850 → "850 ms", 8479 → "8.5 s". */
export const elapsed = (ms: number) => (ms < 1000 ? `${fix(ms, 0)} ms` : `${fix(ms / 1000, 1)} s`);

/** A value with its p10–p90 interval underneath. */
export function WithInterval({ value, p10, p90 }: { value: number; p10: number; p90: number }): ReactNode {
  const d = digitsFor(value);
  return (
    <>
      {fix(value, d)}
      <span className="interval" title="p10–p90 interval from the calibration residuals">
        {fix(Math.min(p10, p90), d)}–{fix(Math.max(p10, p90), d)}
      </span>
    </>
  );
}

/** "https://www.nvidia.com/en-us/data-center/h100/" → "nvidia.com/…/h100"; other text unchanged. */
function shortLabel(text: string): string {
  if (!/^https?:\/\//.test(text)) return text;
  try {
    const u = new URL(text);
    const host = u.hostname.replace(/^www\./, "");
    const parts = u.pathname.split("/").filter(Boolean);
    const last = parts.at(-1) ?? "";
    const tail = last.length > 32 ? `${last.slice(0, 30)}…` : last;
    return parts.length > 1 ? `${host}/…/${tail}` : parts.length ? `${host}/${tail}` : host;
  } catch {
    return text;
  }
}

/** A source reference: a link when it is a URL (or `github:owner/repo path`), text otherwise. */
export function SourceRef({ text }: { text: string }) {
  const gh = /^github:([\w.-]+\/[\w.-]+)(?:\s+(\S+))?/.exec(text);
  const href = /^https?:\/\//.test(text) ? text : gh ? `https://github.com/${gh[1]}${gh[2] ? `/blob/HEAD/${gh[2]}` : ""}` : undefined;
  if (!href) return <span className="ref">{text}</span>;
  return (
    <a className="ref" href={href} target="_blank" rel="noreferrer noopener" title={text}>
      {shortLabel(text)}
    </a>
  );
}
