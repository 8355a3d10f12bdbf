/**
 * Disaggregated serving's inputs: a prefill pool and a decode pool (hardware — empty: the main
 * hardware —, chips per replica — empty: the fewest that fit — and replicas), and the KV link
 * between them: core `defaultKvLink` unless the bandwidth (GB/s) or latency (µs) is given, with
 * layer-wise streaming as a switch. The last run's default link fills the placeholders.
 * @module
 */
import type { AppStateHandle } from "../../state/use-app-state";
import { CheckField, SelectField, TextField, type Option } from "../../components/fields";
import { fix } from "../../components/cells";
import { on, type AppState } from "../../state/app-state";
import type { LinkInfo } from "../../worker/protocol-serving";

/** Props of {@link DisaggFields}. */
export interface DisaggFieldsProps {
  readonly state: AppState;
  readonly update: AppStateHandle["update"];
  readonly hardware: readonly Option[];
  readonly link: LinkInfo | null | undefined;
}

type PoolKeys = { hw: "prefill_hw" | "decode_hw"; chips: "prefill_chips" | "decode_chips"; replicas: "prefill_replicas" | "decode_replicas" };

function Pool({ title, keys, state, update, hardware }: Omit<DisaggFieldsProps, "link"> & { title: string; keys: PoolKeys }) {
  const options = [{ value: "", label: `same as Hardware (${state.sim_hw})` }, ...hardware];
  return (
    <fieldset className="pool">
      <legend>{title}</legend>
      <SelectField name={keys.hw} label="Hardware" value={state[keys.hw]} options={options} onChange={(v) => update({ [keys.hw]: v })} />
      <div className="grid2">
        <TextField name={keys.chips} label="Chips per replica" value={state[keys.chips]} inputMode="numeric" placeholder="auto" onChange={(v) => update({ [keys.chips]: v })} />
        <TextField name={keys.replicas} label="Replicas" value={state[keys.replicas]} inputMode="numeric" onChange={(v) => update({ [keys.replicas]: v })} />
      </div>
    </fieldset>
  );
}

/** The pools and the link. */
export function DisaggFields({ state, update, hardware, link }: DisaggFieldsProps) {
  const pools = { state, update, hardware };
  return (
    <>
      <Pool title="Prefill pool" keys={{ hw: "prefill_hw", chips: "prefill_chips", replicas: "prefill_replicas" }} {...pools} />
      <Pool title="Decode pool" keys={{ hw: "decode_hw", chips: "decode_chips", replicas: "decode_replicas" }} {...pools} />
      <fieldset className="pool">
        <legend>KV link</legend>
        <div className="grid2">
          <TextField
            name="link_gbps"
            label="Bandwidth (GB/s)"
            value={state.link_gbps}
            inputMode="decimal"
            placeholder={link ? fix(link.defaultGbps, 1) : "default"}
            hint="empty: chips × scale-out"
            onChange={(v) => update({ link_gbps: v })}
          />
          <TextField
            name="link_us"
            label="Latency (µs)"
            value={state.link_us}
            inputMode="decimal"
            placeholder={link ? fix(link.defaultLatencyUs, 1) : "default"}
            hint="empty: the slower side's"
            onChange={(v) => update({ link_us: v })}
          />
        </div>
        <CheckField name="layerwise" label="Layer-wise streaming" hint="send KV layer by layer while prefill runs" checked={on(state.layerwise)} onChange={(v) => update({ layerwise: v ? "1" : "0" })} />
      </fieldset>
    </>
  );
}
