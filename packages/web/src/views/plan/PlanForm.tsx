/**
 * Plan's sidebar: model and engine, the workload preset, the demand (LLM requests/s), the SLO
 * bounds (TTFT and TPOT p99, ms; empty = the preset's, core `planSloOf`), the cost basis, the
 * simulator check, and the hardware to search. Edits go straight to the URL state.
 * @module
 */
import type { ViewProps } from "../../app/views";
import { HardwarePicker } from "../../components/HardwarePicker";
import { CheckField, SelectField, TextField } from "../../components/fields";
import { CustomPanel } from "../../custom/CustomPanel";
import { on, type AppState } from "../../state/app-state";
import type { CustomEntry } from "../../worker/protocol";
import type { PlanParams } from "../../worker/protocol-serving";
import { EngineField, ModelField, WorkloadField } from "../model-fields";

/** The planner's request for a state. */
export const planParamsOf = (s: AppState, custom: readonly CustomEntry[]): PlanParams => ({
  model: s.model,
  engine: s.engine,
  workload: s.plan_workload,
  rate: s.demand,
  ttftP99Ms: s.ttft_p99,
  tpotP99Ms: s.tpot_p99,
  cost: s.cost,
  custom,
});

const COSTS = [
  { value: "rental", label: "rental ($/chip-hour)" },
  { value: "ownership", label: "ownership (capex + power)" },
];

/** The form; `confirmHardware` is how many hardware the last plan's simulator check covers (the hint says so). */
export function PlanForm({ state, update, catalog, custom, confirmHardware }: ViewProps & { confirmHardware: number | undefined }) {
  const preset = catalog?.workloads.find((w) => w.id === state.plan_workload);
  const bound = (v: number | null | undefined) => (v === null || v === undefined ? "none" : String(v));
  return (
    <aside className="controls" aria-label="Inputs">
      <form className="stack" onSubmit={(e) => e.preventDefault()} aria-label="Demand and SLO">
        <ModelField state={state} update={update} catalog={catalog} />
        <div className="grid2">
          <WorkloadField name="plan_workload" state={state} update={update} catalog={catalog} />
          <TextField name="demand" label="Demand (req/s)" value={state.demand} inputMode="decimal" hint="LLM requests per second, peak" onChange={(v) => update({ demand: v })} />
          <TextField name="ttft_p99" label="TTFT p99 (ms)" value={state.ttft_p99} inputMode="decimal" placeholder={bound(preset?.ttftP99Ms)} hint="empty: the preset's" onChange={(v) => update({ ttft_p99: v })} />
          <TextField name="tpot_p99" label="TPOT p99 (ms)" value={state.tpot_p99} inputMode="decimal" placeholder={bound(preset?.tpotP99Ms)} hint="empty: the preset's" onChange={(v) => update({ tpot_p99: v })} />
          <SelectField name="cost" label="Cost basis" value={state.cost} options={COSTS} onChange={(cost) => update({ cost })} />
          <EngineField state={state} update={update} catalog={catalog} />
        </div>
        <CheckField
          name="confirm"
          label="Confirm with the simulator"
          hint={`simulates the cheapest options of the ${confirmHardware === undefined ? "" : `${confirmHardware} `}cheapest hardware (seconds)`}
          checked={on(state.confirm)}
          onChange={(v) => update({ confirm: v ? "1" : "0" })}
        />
      </form>
      <HardwarePicker items={catalog?.hardware ?? []} selected={state.plan_hw} onChange={(plan_hw) => update({ plan_hw })} name="plan_hw" />
      <CustomPanel state={state} update={update} custom={custom} classes={catalog?.classes ?? []} />
    </aside>
  );
}
