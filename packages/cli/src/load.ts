/**
 * Resolve `--hardware` and `--model` values: a catalog id or alias, or a path to a JSON/YAML file
 * (hardware in the catalog schema; a model as a Hugging Face config.json or a catalog model file).
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import {
  hardwareCatalog,
  importHfConfig,
  issue,
  modelCatalog,
  parseDataFile,
  parseHardware,
  parseModelFile,
  type Hardware,
  type Model,
  type Result,
} from "@infersim/core";
import { CliError } from "./errors.js";

const looksLikeFile = (s: string) => /[\\/]/.test(s) || /\.(json|ya?ml)$/i.test(s);

function readData(file: string, flag: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError([issue(flag, `cannot read ${JSON.stringify(file)}${code === "ENOENT" ? ": no such file" : code ? `: ${code}` : ""}`)]);
  }
  const r = parseDataFile(text, path.basename(file));
  if (!r.ok) throw new CliError(r.issues);
  return r.value;
}

function orThrowAt<T>(r: Result<T>, file: string): T {
  if (r.ok) return r.value;
  throw new CliError(r.issues.map((i) => ({ path: i.path ? `${path.basename(file)}: ${i.path}` : path.basename(file), message: i.message })));
}

/** Hardware by id/alias, or every entry of a user file (an object or a list of objects). */
export function loadHardware(arg: string, flag = "--hardware"): Hardware[] {
  if (looksLikeFile(arg)) {
    const data = readData(arg, flag);
    const list = Array.isArray(data) ? data : [data];
    return list.map((x, i) => orThrowAt(parseHardware(x, Array.isArray(data) ? `[${i}]` : ""), arg));
  }
  const r = hardwareCatalog().get(arg, flag);
  if (!r.ok) throw new CliError(r.issues);
  return [r.value];
}

/** A comma-separated list of hardware ids and files. */
export function loadHardwareList(arg: string, flag = "--hardware"): Hardware[] {
  const parts = arg.split(",").map((s) => s.trim()).filter(Boolean);
  if (!parts.length) throw new CliError([issue(flag, "needs at least one hardware id or file")]);
  const out: Hardware[] = [];
  const problems: CliError[] = [];
  for (const p of parts) {
    try {
      out.push(...loadHardware(p, flag));
    } catch (e) {
      if (e instanceof CliError) problems.push(e);
      else throw e;
    }
  }
  if (problems.length) throw new CliError(problems.flatMap((p) => p.issues));
  return out;
}

/** A model by id/alias, or a Hugging Face config.json / catalog model file. */
export function loadModel(arg: string, flag = "--model"): Model {
  if (looksLikeFile(arg)) {
    const data = readData(arg, flag);
    if (data && typeof data === "object" && "config" in data && "published" in data) return orThrowAt(parseModelFile(data), arg);
    const base = path.basename(arg).replace(/\.(json|ya?ml)$/i, "");
    const cfg = data as Record<string, unknown>;
    const nameOrPath = typeof cfg._name_or_path === "string" ? cfg._name_or_path : undefined;
    const id = (nameOrPath ? nameOrPath.split("/").pop()! : base === "config" ? path.basename(path.dirname(path.resolve(arg))) : base).toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
    return orThrowAt(importHfConfig(data, { id, name: nameOrPath ?? id, source: arg }), arg);
  }
  const r = modelCatalog().get(arg, flag);
  if (!r.ok) throw new CliError(r.issues);
  return r.value;
}
