/**
 * Decode a user's data file (hardware, model config, scenario) from its text: JSON or YAML by
 * extension or content. Syntax errors become issues with the line, never exceptions.
 * @module
 */
import { parse as parseYaml } from "yaml";
import { fail, issue, ok, type Result } from "../errors.js";

/** Parse JSON (`.json`) or YAML (`.yaml`, `.yml`, or anything not starting with `{`/`[`). */
export function parseDataFile(text: string, name: string): Result<unknown> {
  const isJson = /\.json$/i.test(name) || /^\s*[{[]/.test(text);
  if (isJson) {
    try {
      return ok(JSON.parse(text) as unknown);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      return fail(issue(name, `file is not valid JSON: ${msg}`));
    }
  }
  try {
    const v = parseYaml(text, { prettyErrors: true }) as unknown;
    if (v === null || v === undefined) return fail(issue(name, "file is empty"));
    return ok(v);
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return fail(issue(name, `file is not valid YAML: ${msg}`));
  }
}
