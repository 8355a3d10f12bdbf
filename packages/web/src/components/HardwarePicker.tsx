/**
 * Hardware multi-select: checkboxes grouped by architecture class (custom entries first), with a
 * filter box and "clear". The selection keeps the order in which hardware was picked.
 * @module
 */
import { useId, useState } from "react";
import type { PickItem } from "../worker/protocol";

/** Props of {@link HardwarePicker}. */
export interface HardwarePickerProps {
  readonly items: readonly PickItem[];
  readonly selected: readonly string[];
  readonly onChange: (ids: string[]) => void;
  /** The fieldset's legend (default "Hardware"). */
  readonly legend?: string;
  /** The checkboxes' name (default "hardware"). */
  readonly name?: string;
}

/** A fieldset of hardware checkboxes. */
export function HardwarePicker({ items, selected, onChange, legend = "Hardware", name = "hardware" }: HardwarePickerProps) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const q = filter.trim().toLowerCase();
  const shown = items.filter((h) => !q || h.id.includes(q) || h.name.toLowerCase().includes(q));
  const groups = [...new Set(shown.map((h) => h.group))].sort((a, b) => (a === "custom" ? -1 : b === "custom" ? 1 : 0));
  const toggle = (hid: string, on: boolean) => onChange(on ? [...selected.filter((s) => s !== hid), hid] : selected.filter((s) => s !== hid));
  return (
    <fieldset className="picker" data-picker={name}>
      <legend>
        {legend} <span className="count">({selected.length} selected)</span>
      </legend>
      <div className="picker-tools">
        <label htmlFor={`${id}-filter`} className="sr-only">
          Filter {legend.toLowerCase()}
        </label>
        <input id={`${id}-filter`} type="search" placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" onClick={() => onChange([])} disabled={!selected.length}>
          Clear
        </button>
      </div>
      <div className="picker-list">
        {groups.map((g) => (
          <div key={g} className="picker-group" role="group" aria-labelledby={`${id}-${g}`}>
            <div id={`${id}-${g}`} className="picker-group-label">
              {g}
            </div>
            {shown
              .filter((h) => h.group === g)
              .map((h) => (
                <label key={h.id} className="check" title={h.name}>
                  <input type="checkbox" name={name} value={h.id} checked={selected.includes(h.id)} onChange={(e) => toggle(h.id, e.target.checked)} />
                  {h.id}
                </label>
              ))}
          </div>
        ))}
        {!shown.length && <p className="hint">No hardware matches “{filter}”.</p>}
      </div>
    </fieldset>
  );
}
