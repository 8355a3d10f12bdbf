/**
 * Custom entries from the user: a hardware file (JSON or YAML, one object or a list) in the
 * catalog schema, or a Hugging Face config.json / catalog model file. Parsed with the same core
 * functions as the CLI's `--hardware FILE` and `--model FILE`, and reported the same way: each
 * issue as "message (at FILE: path)".
 * @module
 */
import {
  InputError,
  importHfConfig,
  issue,
  parseDataFile,
  parseHardware,
  parseModelFile,
  type Issue,
  type Model,
  type Result,
} from "@infersim/core";
import type { CoreApi, CustomEntry } from "./protocol";

const withFile = (file: string, issues: readonly Issue[]): Issue[] => issues.map((i) => ({ path: i.path ? `${file}: ${i.path}` : file, message: i.message }));

/** A slug id from a model file name or its `_name_or_path`, as the CLI derives it. */
export function modelIdFor(data: unknown, file: string): string {
  const cfg = (data && typeof data === "object" ? data : {}) as Record<string, unknown>;
  const nameOrPath = typeof cfg._name_or_path === "string" ? cfg._name_or_path : undefined;
  const base = file.replace(/\.(json|ya?ml)$/i, "");
  const raw = nameOrPath ? (nameOrPath.split("/").pop() ?? nameOrPath) : base === "config" ? "custom-model" : base;
  return raw.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^-+/, "") || "custom-model";
}

const isCatalogModelFile = (data: unknown) => !!data && typeof data === "object" && "config" in data && "published" in data;

/** A model from decoded data: a catalog model file, or a Hugging Face config.json. */
export function modelFromData(data: unknown, id: string, source: string): Result<Model> {
  if (isCatalogModelFile(data)) return parseModelFile(data);
  const cfg = (data && typeof data === "object" ? data : {}) as Record<string, unknown>;
  const name = typeof cfg._name_or_path === "string" ? cfg._name_or_path : id;
  return importHfConfig(data, { id, name, source });
}

/** Parse a user's file text into custom entries; throws every issue, prefixed with the file name. */
export function parseCustom(p: CoreApi["parseCustom"]["req"]): CustomEntry[] {
  const name = p.name.trim() || (p.kind === "hardware" ? "hardware.yaml" : "config.json");
  if (!p.text.trim()) throw new InputError([issue(name, "file is empty")]);
  const decoded = parseDataFile(p.text, name);
  if (!decoded.ok) throw new InputError(decoded.issues);
  const data = decoded.value;
  if (p.kind === "hardware") {
    const list = Array.isArray(data) ? (data as unknown[]) : [data];
    const issues: Issue[] = [];
    const entries: CustomEntry[] = [];
    list.forEach((x, i) => {
      const r = parseHardware(x, Array.isArray(data) ? `[${i}]` : "");
      if (r.ok) entries.push({ kind: "hardware", id: r.value.id, source: name, data: x });
      else issues.push(...withFile(name, r.issues));
    });
    if (issues.length) throw new InputError(issues);
    return entries;
  }
  const id = isCatalogModelFile(data) ? String((data as { id?: unknown }).id ?? modelIdFor(data, name)) : modelIdFor(data, name);
  const r = modelFromData(data, id, name);
  if (!r.ok) throw new InputError(withFile(name, r.issues));
  return [{ kind: "model", id: r.value.id, source: name, data }];
}
