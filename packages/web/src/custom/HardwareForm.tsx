/**
 * A form for a custom accelerator in datasheet units. It builds a hardware file and hands it to
 * the same parser as pasted files, so a bad field is reported by its schema path
 * (`… (at form: memory.bandwidthTBps)`).
 * @module
 */
import { useState, type FormEvent } from "react";
import { SelectField, TextField } from "../components/fields";

// Placeholders only show the expected form of each value; every number must come from the user's datasheet.
const FIELDS = [
  ["id", "Id (slug)", "my-chip"],
  ["name", "Name", "My Chip"],
  ["vendor", "Vendor", "Example"],
  ["bf16", "BF16 TFLOP/s (dense)", "e.g. 1000"],
  ["fp8", "FP8 TFLOP/s (dense)", "e.g. 2000"],
  ["memType", "Memory type", "e.g. HBM3e"],
  ["capacityGB", "Memory GB (SRAM classes: SRAM MB)", "e.g. 141"],
  ["bandwidthTBps", "Memory bandwidth TB/s", "e.g. 4.8"],
  ["linkGBps", "Scale-up GB/s per chip", "e.g. 450"],
  ["latencyUs", "Scale-up latency µs", "e.g. 3"],
  ["domainSize", "Scale-up domain (chips)", "e.g. 8"],
  ["tdpW", "TDP W", "e.g. 700"],
  ["idleW", "Idle W", "e.g. 75"],
  ["rental", "Rental $/chip-hour (optional)", ""],
  ["source", "Source of these numbers (datasheet URL)", "user input"],
] as const;

type Key = (typeof FIELDS)[number][0];

/** An architecture class as the worker's catalog lists it (core `ARCHITECTURE_CLASSES`, `isSramClass`). */
export interface ClassOption {
  readonly id: string;
  readonly sram: boolean;
}

/** A number when the text is one, else the text (so the parser names the bad value). */
const num = (s: string): number | string => (s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : s);

/** Build a hardware file object from the form's values. */
function hardwareFromForm(v: Record<Key, string>, cls: ClassOption): Record<string, unknown> {
  const sram = cls.sram;
  const src = [v.source.trim() || "user input"];
  const compute: Record<string, unknown> = {};
  if (v.bf16.trim()) compute.bf16 = num(v.bf16);
  if (v.fp8.trim()) compute.fp8 = num(v.fp8);
  return {
    id: v.id.trim(),
    name: v.name.trim(),
    vendor: v.vendor.trim(),
    class: cls.id,
    compute,
    ...(sram ? { sram: { capacityMB: num(v.capacityGB), bandwidthTBps: num(v.bandwidthTBps) } } : { memory: { type: v.memType.trim(), capacityGB: num(v.capacityGB), bandwidthTBps: num(v.bandwidthTBps) } }),
    scaleUp: { name: "scale-up", bandwidthGBps: num(v.linkGBps), latencyUs: num(v.latencyUs), domainSize: num(v.domainSize), topology: "switch" },
    power: { tdpW: num(v.tdpW), idleW: num(v.idleW) },
    ...(v.rental.trim() ? { price: { rentalUsdPerHour: { value: num(v.rental), date: new Date().toISOString().slice(0, 7), source: src[0], estimate: true } } } : {}),
    sources: { compute: src, memory: src, scaleUp: src, power: src },
  };
}

/** The form; `onSubmit` receives the hardware file as JSON text. */
export function HardwareForm({ onSubmit, classes }: { onSubmit: (json: string) => Promise<void>; classes: readonly ClassOption[] }) {
  const [values, setValues] = useState<Record<Key, string>>(() => Object.fromEntries(FIELDS.map(([k]) => [k, ""])) as Record<Key, string>);
  const [clsId, setCls] = useState("gpu-hbm");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cls = classes.find((c) => c.id === clsId) ?? { id: clsId, sram: false };
    void onSubmit(JSON.stringify(hardwareFromForm(values, cls)));
  };
  return (
    <form className="hw-form" onSubmit={submit} aria-label="Custom hardware form">
      <fieldset>
        <legend>Or describe the hardware</legend>
        <SelectField label="Architecture class" name="class" value={clsId} options={classes.map((c) => ({ value: c.id, label: c.id }))} onChange={setCls} />
        <div className="grid2">
          {FIELDS.map(([k, label, placeholder]) => (
            <TextField key={k} name={`hw-${k}`} label={label} value={values[k]} placeholder={placeholder} onChange={(v) => setValues((s) => ({ ...s, [k]: v }))} />
          ))}
        </div>
        <button type="submit">Add hardware from form</button>
      </fieldset>
    </form>
  );
}
