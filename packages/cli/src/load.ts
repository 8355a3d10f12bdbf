/**
 * Resolve `--hardware` and `--model` values: a catalog id or alias, or a path to a JSON/YAML file
 * (hardware in the catalog schema; a model as a Hugging Face config.json or a catalog model file,
 * read by the core's `hardwareFromData`/`modelFromData`, as the web app reads them). Every file the
 * CLI reads or writes goes through {@link readText}/{@link readData}/{@link writeText}, so a missing
 * file or folder is an input problem naming the flag (exit 2), never an internal error.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { hardwareCatalog, hardwareFromData, issue, modelCatalog, modelFromData, parseDataFile, type Hardware, type Model, type Result } from "@infersim/core";
import { CliError } from "./errors.js";

const looksLikeFile = (s: string) => /[\\/]/.test(s) || /\.(json|ya?ml)$/i.test(s);

/** Why a file operation failed, in words (`no such file`, `EACCES`). */
const reason = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = { ENOENT: "no such file", EISDIR: "is a folder", ENOTDIR: "a parent is not a folder", EACCES: "permission denied", EROFS: "read-only file system" };
  return code ? (words[code] ?? code) : String(e);
};

/** A file's text; a failure is an input problem at `flag` (exit 2). */
export function readText(file: string, flag: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError([issue(flag, `cannot read ${JSON.stringify(file)}: ${reason(e)}`)]);
  }
}

/** Write a file, creating its folder; a failure (no such folder, no permission) is an input problem at `flag` (exit 2). */
export function writeText(file: string, text: string, flag: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (e) {
    // mkdir meets a file where a folder should be: EEXIST.
    const why = (e as NodeJS.ErrnoException).code === "EEXIST" ? "a parent is not a folder" : reason(e);
    throw new CliError([issue(flag, `cannot write ${JSON.stringify(file)}: ${why}`)]);
  }
}

/** A JSON or YAML file, decoded; read and syntax errors are issues (at `flag`, at the file). */
export function readData(file: string, flag: string): unknown {
  const r = parseDataFile(readText(file, flag), path.basename(file));
  if (!r.ok) throw new CliError(r.issues);
  return r.value;
}

function orThrowAt<T>(r: Result<T>, file: string): T {
  if (r.ok) return r.value;
  throw new CliError(r.issues.map((i) => ({ path: i.path ? `${path.basename(file)}: ${i.path}` : path.basename(file), message: i.message })));
}

/** Hardware by id/alias, or every entry of a user file (an object or a list of objects). */
export function loadHardware(arg: string, flag = "--hardware"): Hardware[] {
  if (looksLikeFile(arg)) return orThrowAt(hardwareFromData(readData(arg, flag)), arg);
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

/** A model by id/alias, or a Hugging Face config.json / catalog model file (a `config.json` is named after its folder). */
export function loadModel(arg: string, flag = "--model"): Model {
  if (looksLikeFile(arg)) return orThrowAt(modelFromData(readData(arg, flag), { file: path.resolve(arg), source: arg }), arg);
  const r = modelCatalog().get(arg, flag);
  if (!r.ok) throw new CliError(r.issues);
  return r.value;
}
