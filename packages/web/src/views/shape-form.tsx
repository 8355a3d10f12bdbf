/**
 * The sidebar shared by Compare and Pareto: model, weight format, engine, workload shape
 * (batch, input and output tokens, chips), the hardware picker and the custom-entry panel.
 * Edits go straight to the URL state; the worker checks the values and names bad ones.
 * @module
 */
import type { ViewProps } from "../app/views";
import { HardwarePicker } from "../components/HardwarePicker";
import { SelectField, TextField } from "../components/fields";
import { CustomPanel } from "../custom/CustomPanel";
import type { ShapeParams } from "../worker/protocol";
import type { AppState } from "../state/url-state";

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
  const models = (catalog?.models ?? []).map((m) => ({ value: m.id, label: m.custom ? `${m.id} (custom)` : m.id, group: m.group }));
  const dtypes = [{ value: "", label: "model default" }, ...(catalog?.dtypes ?? []).map((d) => ({ value: d, label: d }))];
  const engines = (catalog?.engines ?? [state.engine]).map((e) => ({ value: e, label: e }));
  return (
    <aside className="controls" aria-label="Inputs">
      <form onSubmit={(e) => e.preventDefault()} aria-label="Workload and deployment">
        <SelectField name="model" label="Model" value={state.model} options={models} onChange={(model) => update({ model })} />
        <div className="grid2">
          <SelectField name="precision" label="Weights" value={state.precision} options={dtypes} onChange={(precision) => update({ precision })} />
          <SelectField name="engine" label="Engine" value={state.engine} options={engines} onChange={(engine) => update({ engine })} hint="selects calibrated overheads" />
          {batch && <TextField name="batch" label="Batch" value={state.batch} inputMode="text" hint="concurrent requests, or max" onChange={(v) => update({ batch: v })} />}
          <TextField name="chips" label="Chips" value={state.chips} inputMode="numeric" placeholder="auto" hint="empty: fewest that fit" onChange={(v) => update({ chips: v })} />
          <TextField name="input" label="Input tokens" value={state.input} inputMode="numeric" onChange={(v) => update({ input: v })} />
          <TextField name="output" label="Output tokens" value={state.output} inputMode="numeric" onChange={(v) => update({ output: v })} />
        </div>
      </form>
      <HardwarePicker items={catalog?.hardware ?? []} selected={state.hw} onChange={(hw) => update({ hw })} />
      <CustomPanel state={state} update={update} custom={custom} />
    </aside>
  );
}
