/**
 * The built-in catalogs as registries, parsed once on first use. A built-in entry that fails to
 * parse is a bug in infersim (the catalog tests catch it), so it throws.
 * @module
 */
import { HARDWARE_FILES } from "../../catalog/hardware/index.js";
import { MODEL_FILES } from "../../catalog/models/index.js";
import { formatIssue } from "../errors.js";
import { parseHardware, type Hardware } from "../hardware/hardware.js";
import { parseModelFile } from "../model/catalog-file.js";
import type { Model } from "../model/model.js";
import { Registry } from "./registry.js";

let hw: Registry<Hardware> | undefined;
let models: Registry<Model> | undefined;

function parseAll<T>(files: readonly unknown[], parse: (x: unknown, p: string) => { ok: true; value: T } | { ok: false; issues: readonly { path: string; message: string }[] }, kind: string): T[] {
  return files.map((f, i) => {
    const id = (f as { id?: string }).id ?? `#${i}`;
    const r = parse(f, id);
    if (!r.ok) throw new Error(`built-in ${kind} ${id} is invalid:\n${r.issues.map(formatIssue).join("\n")}`);
    return r.value;
  });
}

/** Every built-in accelerator. */
export function hardwareCatalog(): Registry<Hardware> {
  hw ??= new Registry("hardware", parseAll(HARDWARE_FILES, parseHardware, "hardware"));
  return hw;
}

/** Every built-in model. */
export function modelCatalog(): Registry<Model> {
  models ??= new Registry("model", parseAll(MODEL_FILES, parseModelFile, "model"));
  return models;
}
