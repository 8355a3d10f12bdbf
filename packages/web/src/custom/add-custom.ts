/**
 * Adding custom entries: parse a file's text in the worker (the CLI's parsers and messages), store
 * the entries, and select them — new hardware joins the hardware list, a new model becomes the
 * model. Returns the rendered issues when the file is rejected.
 * @module
 */
import { core, CoreError } from "../client/core-client";
import type { AppState } from "../state/url-state";
import type { CustomEntry } from "../worker/protocol";
import type { CustomStore } from "./custom-store";

/** What adding an entry needs: the state (to select it) and the store (to keep it). */
export interface AddContext {
  readonly state: AppState;
  readonly update: (patch: Partial<AppState>) => void;
  readonly custom: CustomStore;
}

/** Parse `text` as a `kind` file named `name`; on success add and select; returns issues (empty = added). */
export async function addCustom(ctx: AddContext, kind: "hardware" | "model", name: string, text: string): Promise<{ errors: readonly string[]; added: readonly CustomEntry[] }> {
  try {
    const { value } = await core().call("parseCustom", { kind, name, text });
    ctx.custom.add(value);
    if (kind === "hardware") {
      ctx.update(selectHardware(ctx.state, value.map((e) => e.id)));
    } else if (value[0]) ctx.update({ model: value[0].id });
    return { errors: [], added: value };
  } catch (e) {
    return { errors: e instanceof CoreError ? e.errors : [String(e)], added: [] };
  }
}

/** Select new hardware in the view's own picker: Simulate's hardware, Plan's list, else Compare/Pareto's. */
function selectHardware(s: AppState, ids: readonly string[]): Partial<AppState> {
  const join = (list: readonly string[]) => [...list.filter((h) => !ids.includes(h)), ...ids];
  if (s.view === "simulate") return ids[0] ? { sim_hw: ids[0] } : {};
  if (s.view === "plan") return { plan_hw: join(s.plan_hw) };
  return { hw: join(s.hw) };
}

/** A starting point for the paste box: the README's example hardware file. */
export const EXAMPLE_HARDWARE = `id: my-chip
name: My Chip 2027
vendor: Example
class: asic-hbm            # gpu-hbm | asic-hbm | wafer-sram | lpu-sram | rdu-hybrid
compute: { bf16: 1500, fp8: 3000 }
memory: { type: HBM3e, capacityGB: 192, bandwidthTBps: 6.0 }
scaleUp: { name: MyLink, bandwidthGBps: 600, latencyUs: 2, domainSize: 16, topology: switch }
power: { tdpW: 900, idleW: 90 }
price: { rentalUsdPerHour: { value: 3.1, date: "2026-11", source: "quote" } }
sources: { compute: ["datasheet"], memory: ["datasheet"], scaleUp: ["datasheet"], power: ["datasheet"], price: ["quote"] }
`;
