/**
 * The registries a request sees: the built-in catalogs plus the user's custom hardware and
 * models. Parsed once per distinct list of custom entries (the last list is cached).
 * @module
 */
import { InputError, formatIssue, hardwareCatalog, issue, modelCatalog, parseHardware, type Hardware, type Model, type Registry } from "@infersim/core";
import { modelFromData } from "./custom";
import type { CustomEntry } from "./protocol";

/** Registries for one request. */
export interface Context {
  readonly hardware: Registry<Hardware>;
  readonly models: Registry<Model>;
  /** Ids of the custom entries that parsed. */
  readonly customIds: ReadonlySet<string>;
  /** Custom entries that no longer parse, rendered. */
  readonly errors: readonly string[];
}

let last: { key: string; ctx: Context } | undefined;

/** Catalogs with `custom` added (a custom entry replaces a built-in one of the same id). */
export function contextFor(custom: readonly CustomEntry[]): Context {
  const key = JSON.stringify(custom);
  if (last?.key === key) return last.ctx;
  const hws: Hardware[] = [];
  const models: Model[] = [];
  const errors: string[] = [];
  for (const c of custom) {
    const r = c.kind === "hardware" ? parseHardware(c.data) : modelFromData(c.data, c.id, c.source);
    if (!r.ok) errors.push(...r.issues.map((i) => `${c.source}: ${formatIssue(i)}`));
    else if (c.kind === "hardware") hws.push(r.value as Hardware);
    else models.push(r.value as Model);
  }
  const ctx: Context = {
    hardware: hardwareCatalog().with(hws),
    models: modelCatalog().with(models),
    customIds: new Set([...hws, ...models].map((x) => x.id)),
    errors,
  };
  last = { key, ctx };
  return ctx;
}

/**
 * The picked hardware of a Compare or Pareto request: at least one must be picked (else an input
 * error); ids that do not resolve are reported in `problems` and skipped, so the rest still run.
 */
export function pickedHardware(ctx: Context, ids: readonly string[]): { hardware: Hardware[]; problems: string[] } {
  if (!ids.length) throw new InputError([issue("hardware", "pick at least one hardware")]);
  const hardware: Hardware[] = [];
  const problems: string[] = [];
  for (const id of ids) {
    const hw = ctx.hardware.get(id, "hardware");
    if (hw.ok) hardware.push(hw.value);
    else problems.push(...hw.issues.map(formatIssue));
  }
  return { hardware, problems };
}
