/**
 * The pickers every sidebar shares (Compare and Pareto, Simulate, Plan): model, weight format,
 * engine and workload preset, each built from the worker's catalog (custom entries marked), plus
 * the hardware options of a single-hardware select. Each view lays them out in its own form.
 * @module
 */
import type { ViewProps } from "../app/views";
import { SelectField, type Option } from "../components/fields";
import type { AppState } from "../state/app-state";
import type { CatalogData } from "../worker/protocol";

/** What a shared field needs from its view. */
type FieldProps = Pick<ViewProps, "state" | "update" | "catalog">;

/** "id", or "id (custom)" for a user's entry. */
const label = (e: { id: string; custom: boolean }) => (e.custom ? `${e.id} (custom)` : e.id);

/** The hardware of the catalog, grouped by class (custom ones apart), for a single-hardware select. */
export const hardwareOptions = (catalog: CatalogData | undefined): Option[] => (catalog?.hardware ?? []).map((h) => ({ value: h.id, label: label(h), group: h.group }));

/** The model. */
export function ModelField({ state, update, catalog }: FieldProps) {
  const models = (catalog?.models ?? []).map((m) => ({ value: m.id, label: label(m), group: m.group }));
  return <SelectField name="model" label="Model" value={state.model} options={models} onChange={(model) => update({ model })} />;
}

/** The weight format; empty = the model's release format. */
export function WeightsField({ state, update, catalog }: FieldProps) {
  const dtypes = [{ value: "", label: "model default" }, ...(catalog?.dtypes ?? []).map((d) => ({ value: d, label: d }))];
  return <SelectField name="precision" label="Weights" value={state.precision} options={dtypes} onChange={(precision) => update({ precision })} />;
}

/** The serving engine (its calibrated overheads). */
export function EngineField({ state, update, catalog, hint }: FieldProps & { hint?: string }) {
  const engines = (catalog?.engines ?? [state.engine]).map((e) => ({ value: e, label: e }));
  return <SelectField name="engine" label="Engine" value={state.engine} options={engines} onChange={(engine) => update({ engine })} {...(hint ? { hint } : {})} />;
}

/** A workload preset, grouped into request streams and agent sessions; `name` is the view's own key. */
export function WorkloadField({ state, update, catalog, name, hint }: FieldProps & { name: "workload" | "plan_workload"; hint?: string | undefined }) {
  const workloads = (catalog?.workloads ?? []).map((w) => ({ value: w.id, label: w.id, group: w.kind === "sessions" ? "agent sessions" : "requests" }));
  return <SelectField name={name} label="Workload" value={state[name]} options={workloads} onChange={(v) => update({ [name]: v } as Partial<AppState>)} {...(hint ? { hint } : {})} />;
}
