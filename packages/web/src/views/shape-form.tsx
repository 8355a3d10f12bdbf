/**
 * The sidebar shared by Compare and Pareto: model, weight format, engine, workload shape
 * (batch, input and output tokens, chips), the hardware picker and the custom-entry panel.
 * Edits go straight to the URL state; the worker checks the values and names bad ones.
 * @module
 */
import type { ViewProps } from "../app/views";
import { HardwarePicker } from "../components/HardwarePicker";
import { TextField } from "../components/fields";
import { CustomPanel } from "../custom/CustomPanel";
import type { ShapeParams } from "../worker/protocol";
import type { AppState } from "../state/url-state";
import { EngineField, ModelField, WeightsField } from "./model-fields";

/** The shape parameters of a state, for the worker. */
export const shapeOf = (s: AppState): ShapeParams => ({
  model: s.model,
  precision: s.precision,
  engine: s.engine,
  batch: s.batch,
  input: s.input,
  output: s.output,
  chips: s.chips,
});

/** The form; `batch` is hidden where the view sweeps it. */
export function ShapeForm({ state, update, catalog, custom, batch = true }: ViewProps & { batch?: boolean }) {
  return (
    <aside className="controls" aria-label="Inputs">
      <form onSubmit={(e) => e.preventDefault()} aria-label="Workload and deployment">
        <ModelField state={state} update={update} catalog={catalog} />
        <div className="grid2">
          <WeightsField state={state} update={update} catalog={catalog} />
          <EngineField state={state} update={update} catalog={catalog} hint="selects calibrated overheads" />
          {batch && <TextField name="batch" label="Batch" value={state.batch} inputMode="text" hint="concurrent requests, or max" onChange={(v) => update({ batch: v })} />}
          <TextField name="chips" label="Chips" value={state.chips} inputMode="numeric" placeholder="auto" hint="empty: fewest that fit" onChange={(v) => update({ chips: v })} />
          <TextField name="input" label="Input tokens" value={state.input} inputMode="numeric" onChange={(v) => update({ input: v })} />
          <TextField name="output" label="Output tokens" value={state.output} inputMode="numeric" onChange={(v) => update({ output: v })} />
        </div>
      </form>
      <HardwarePicker items={catalog?.hardware ?? []} selected={state.hw} onChange={(hw) => update({ hw })} />
      <CustomPanel state={state} update={update} custom={custom} classes={catalog?.classes ?? []} />
    </aside>
  );
}
