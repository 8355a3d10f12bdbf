/**
 * Custom entries from the user: a hardware file (JSON or YAML, one object or a list) in the
 * catalog schema, or a Hugging Face config.json / catalog model file. Read by the core's
 * `hardwareFromData` / `modelFromData`, as the CLI's `--hardware FILE` and `--model FILE` are (a
 * config.json takes the id of its `_name_or_path`, else of the file's name), and reported the same
 * way: each issue as "message (at FILE: path)".
 * @module
 */
import { InputError, hardwareFromData, issue, modelFromData as modelFromFile, parseDataFile, type Issue, type Model, type Result } from "@infersim/core";
import type { CoreApi, CustomEntry } from "./protocol";

const withFile = (file: string, issues: readonly Issue[]): Issue[] => issues.map((i) => ({ path: i.path ? `${file}: ${i.path}` : file, message: i.message }));

/** A stored model entry back into a model: its decoded file, under the id it was given when added. */
export function modelFromData(data: unknown, id: string, source: string): Result<Model> {
  return modelFromFile(data, { file: source, id });
}

/** Parse a user's file text into custom entries; throws every issue, prefixed with the file name. */
export function parseCustom(p: CoreApi["parseCustom"]["req"]): CustomEntry[] {
  const name = p.name.trim() || (p.kind === "hardware" ? "hardware.yaml" : "config.json");
  if (!p.text.trim()) throw new InputError([issue(name, "file is empty")]);
  const decoded = parseDataFile(p.text, name);
  if (!decoded.ok) throw new InputError(decoded.issues);
  const data = decoded.value;
  if (p.kind === "hardware") {
    const r = hardwareFromData(data);
    if (!r.ok) throw new InputError(withFile(name, r.issues));
    const list: unknown[] = Array.isArray(data) ? data : [data];
    return r.value.map((h, i) => ({ kind: "hardware", id: h.id, source: name, data: list[i] }));
  }
  const r = modelFromFile(data, { file: name });
  if (!r.ok) throw new InputError(withFile(name, r.issues));
  return [{ kind: "model", id: r.value.id, source: name, data }];
}
