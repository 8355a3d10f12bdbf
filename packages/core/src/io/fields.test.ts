import { describe, expect, it } from "vitest";
import { hardwareCatalog } from "../catalog/catalog.js";
import { InputError } from "../errors.js";
import { Fields } from "./fields.js";

describe("Fields: the CLI's and the web app's value parser", () => {
  it("integers are integers: no exponent, no hex, no fraction, within the minimum", () => {
    const f = new Fields();
    expect(f.int("input", " 1024 ", 0)).toBe(1024);
    for (const bad of ["1e3", "0x10", "2.5", "-1", "abc"]) expect(f.int("input", bad, 0)).toBeUndefined();
    expect(f.issues.map((i) => i.message)).toEqual([
      'input must be an integer ≥ 0, got "1e3"',
      'input must be an integer ≥ 0, got "0x10"',
      'input must be an integer ≥ 0, got "2.5"',
      'input must be an integer ≥ 0, got "-1"',
      'input must be an integer ≥ 0, got "abc"',
    ]);
    expect(f.issues.every((i) => i.path === "input")).toBe(true);
  });
  it("a blank value is not given in a form, and a bad value for a flag; the label names the field", () => {
    const form = new Fields();
    expect([form.int("chips", ""), form.num("rate", "  "), form.oneOf("engine", "", ["vllm"]), form.dtype("precision", "")]).toEqual([undefined, undefined, undefined, undefined]);
    expect(form.issues).toEqual([]);
    const flags = new Fields({ label: (p) => p.replace(/^--/, ""), blank: "invalid" });
    expect(flags.num("--rate", "", { min: 0, minExclusive: true })).toBeUndefined();
    expect(flags.int("--chips", undefined)).toBeUndefined();
    expect(flags.issues).toEqual([{ path: "--rate", message: 'rate must be a number in (0, ∞], got ""' }]);
  });
  it("enums ignore case and return the listed spelling; precisions take aliases", () => {
    const f = new Fields();
    expect(f.oneOf("engine", "VLLM", ["generic", "vllm"] as const)).toBe("vllm");
    expect(f.dtype("precision", "bfloat16")).toBe("bf16");
    expect(f.dtype("precision", "fp7")).toBeUndefined();
    expect(f.issues[0]?.message).toMatch(/^precision must be one of fp32, bf16, .*, got "fp7"$/);
  });
  it("registry picks report the registry's issue; check throws them all", () => {
    const f = new Fields();
    expect(f.pick(hardwareCatalog(), "h100-sxm", "hardware")?.id).toBe("h100-sxm");
    expect(f.list(hardwareCatalog(), ["b200", "h100-sx"], "hw").map((h) => h.id)).toEqual(["b200"]);
    expect(f.issues[0]?.path).toBe("hw[1]");
    expect(() => f.check()).toThrow(InputError);
  });
});
