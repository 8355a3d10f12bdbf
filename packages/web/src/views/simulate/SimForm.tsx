/**
 * Simulate's sidebar: model, weights and engine; the hardware and its layout (chips, tp, pp —
 * empty: the fewest chips that fit — and replicas); the workload preset with its rate and stop
 * (requests or seconds); serving mode, router, seed, prefix caching and the time-of-day profile.
 * For disaggregated serving the two pools and the KV link replace the layout fields. Edits go
 * straight to the URL state; the worker checks the values and names bad ones.
 * @module
 */
import type { ViewProps } from "../../app/views";
import { CheckField, SelectField, TextField } from "../../components/fields";
import { CustomPanel } from "../../custom/CustomPanel";
import { on, type AppState } from "../../state/app-state";
import type { CustomEntry } from "../../worker/protocol";
import type { LinkInfo, SimParams } from "../../worker/protocol-serving";
import { EngineField, ModelField, WeightsField, WorkloadField, hardwareOptions } from "../model-fields";
import { DisaggFields } from "./DisaggFields";

/** The worker's request for a state. */
export const simParamsOf = (s: AppState, custom: readonly CustomEntry[]): SimParams => ({
  model: s.model,
  precision: s.precision,
  engine: s.engine,
  hardware: s.sim_hw,
  chips: s.sim_chips,
  tp: s.tp,
  pp: s.pp,
  workload: s.workload,
  rate: s.rate,
  requests: s.requests,
  duration: s.duration,
  replicas: s.replicas,
  scheduler: s.scheduler,
  router: s.router,
  seed: s.seed,
  prefix: on(s.prefix),
  diurnal: on(s.diurnal),
  prefillHardware: s.prefill_hw,
  prefillChips: s.prefill_chips,
  prefillReplicas: s.prefill_replicas,
  decodeHardware: s.decode_hw,
  decodeChips: s.decode_chips,
  decodeReplicas: s.decode_replicas,
  linkGbps: s.link_gbps,
  linkLatencyUs: s.link_us,
  layerwise: on(s.layerwise),
  custom,
});

const flag = (v: boolean) => (v ? "1" : "0");

/** The form; `link` is the last run's KV link (its defaults fill the placeholders). */
export function SimForm({ state, update, catalog, custom, link }: ViewProps & { link: LinkInfo | null | undefined }) {
  const hardware = hardwareOptions(catalog);
  const preset = catalog?.workloads.find((w) => w.id === state.workload);
  const modes = (catalog?.servingModes ?? [state.scheduler]).map((m) => ({ value: m, label: m }));
  const routers = (catalog?.routers ?? [state.router]).map((r) => ({ value: r, label: r }));
  const disagg = state.scheduler === "disaggregated";
  const rateHint = !preset ? "" : preset.rate === null ? "closed loop: the preset keeps its sessions running" : `${preset.kind === "sessions" ? "session starts" : "requests"}/s; empty: the preset's ${preset.rate}`;
  return (
    <aside className="controls" aria-label="Inputs">
      <form className="stack" onSubmit={(e) => e.preventDefault()} aria-label="Simulation set-up">
        <ModelField state={state} update={update} catalog={catalog} />
        <div className="grid2">
          <WeightsField state={state} update={update} catalog={catalog} />
          <EngineField state={state} update={update} catalog={catalog} />
        </div>
        <SelectField name="sim_hw" label="Hardware" value={state.sim_hw} options={hardware} onChange={(sim_hw) => update({ sim_hw })} />
        {!disagg && (
          <div className="grid2">
            <TextField name="sim_chips" label="Chips per replica" value={state.sim_chips} inputMode="numeric" placeholder="auto" hint="empty: fewest that fit" onChange={(v) => update({ sim_chips: v })} />
            <TextField name="replicas" label="Replicas" value={state.replicas} inputMode="numeric" onChange={(v) => update({ replicas: v })} />
            <TextField name="tp" label="Tensor parallel" value={state.tp} inputMode="numeric" placeholder="auto" onChange={(v) => update({ tp: v })} />
            <TextField name="pp" label="Pipeline stages" value={state.pp} inputMode="numeric" placeholder="auto" onChange={(v) => update({ pp: v })} />
          </div>
        )}
        <WorkloadField name="workload" state={state} update={update} catalog={catalog} hint={preset?.name} />
        <div className="grid2">
          <TextField name="rate" label="Rate" value={state.rate} inputMode="decimal" placeholder={preset?.rate !== null && preset ? String(preset.rate) : "—"} hint={rateHint} onChange={(v) => update({ rate: v })} />
          <TextField name="requests" label="Requests" value={state.requests} inputMode="numeric" hint="stop after this many" onChange={(v) => update({ requests: v })} />
          <TextField name="duration" label="Duration (s)" value={state.duration} inputMode="decimal" placeholder="—" hint="or stop arrivals at" onChange={(v) => update({ duration: v })} />
          <TextField name="seed" label="Seed" value={state.seed} inputMode="numeric" onChange={(v) => update({ seed: v })} />
          <SelectField name="scheduler" label="Scheduler" value={state.scheduler} options={modes} onChange={(scheduler) => update({ scheduler })} />
          <SelectField name="router" label="Router" value={state.router} options={routers} onChange={(router) => update({ router })} />
        </div>
        <div className="row">
          <CheckField name="prefix" label="Prefix caching" checked={on(state.prefix)} onChange={(v) => update({ prefix: flag(v) })} />
          <CheckField name="diurnal" label="Time-of-day profile" checked={on(state.diurnal)} onChange={(v) => update({ diurnal: flag(v) })} />
        </div>
        {disagg && <DisaggFields state={state} update={update} hardware={hardware} link={link} />}
      </form>
      <CustomPanel state={state} update={update} custom={custom} classes={catalog?.classes ?? []} />
    </aside>
  );
}
