/**
 * Hardware and models from a user's decoded file (CLI `--hardware FILE` / `--model FILE`, the web
 * app's custom entries), so both front ends accept the same files and name a model the same way.
 * - hardware: one object or a list of objects in the catalog schema (issues at `[i].field`);
 * - model: a catalog model file (it carries its own id), or a Hugging Face config.json whose id is
 *   the last segment of `_name_or_path`, else the file's stem, except that a file named
 *   `config.json` takes its folder's name (`Qwen2.5-7B/config.json` → `qwen2.5-7b`).
 * @module
 */
import { ok, fail, type Issue, type Result } from "../errors.js";
import { parseHardware, type Hardware } from "../hardware/hardware.js";
import { importHfConfig } from "../model/hf-config.js";
import { parseModelFile } from "../model/catalog-file.js";
import type { Model } from "../model/model.js";

/** Options of {@link modelFromData}. */
export interface ModelFileOptions {
  /** The file's path or name (`models/qwen/config.json`, `config.json`): the id's fallback. */
  readonly file: string;
  /** Use this id for a config.json (e.g. one derived earlier and stored). */
  readonly id?: string | undefined;
  /** Where the config came from, kept on the model. Default: `file`. */
  readonly source?: string | undefined;
}

const isCatalogModelFile = (data: unknown): boolean => !!data && typeof data === "object" && "config" in data && "published" in data;

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^-+/, "");

/** A config's `_name_or_path` when it is a non-blank string. */
function nameOrPathOf(data: unknown): string | undefined {
  const v = data && typeof data === "object" ? (data as Record<string, unknown>)._name_or_path : undefined;
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

/** The id a Hugging Face config.json gets: `_name_or_path`'s last segment, else the file's stem (a `config` file: its folder). */
export function modelIdFor(data: unknown, file: string): string {
  const parts = file.split(/[\\/]/).filter(Boolean);
  const stem = (parts.at(-1) ?? "").replace(/\.(json|ya?ml)$/i, "");
  const nameOrPath = nameOrPathOf(data);
  const raw = nameOrPath ? (nameOrPath.split("/").filter(Boolean).at(-1) ?? nameOrPath) : stem === "config" && parts.length > 1 ? parts.at(-2)! : stem;
  return slug(raw) || "custom-model";
}

/** A model from a decoded file: a catalog model file, or a Hugging Face config.json. */
export function modelFromData(data: unknown, o: ModelFileOptions): Result<Model> {
  if (isCatalogModelFile(data)) return parseModelFile(data);
  const id = o.id ?? modelIdFor(data, o.file);
  return importHfConfig(data, { id, name: nameOrPathOf(data) ?? id, source: o.source ?? o.file });
}

/** Every hardware entry of a decoded file (an object or a list); all issues, each at its entry (`[i].field`). */
export function hardwareFromData(data: unknown): Result<Hardware[]> {
  const list: unknown[] = Array.isArray(data) ? data : [data];
  const out: Hardware[] = [];
  const issues: Issue[] = [];
  list.forEach((x, i) => {
    const r = parseHardware(x, Array.isArray(data) ? `[${i}]` : "");
    if (r.ok) out.push(r.value);
    else issues.push(...r.issues);
  });
  return issues.length ? fail(...issues) : ok(out);
}
