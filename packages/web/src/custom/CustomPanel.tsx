/**
 * The custom-entry panel: paste or upload a hardware file (JSON/YAML, the catalog schema), fill
 * the hardware form, or upload a Hugging Face config.json. Files are checked by the core with the
 * CLI's messages ("message (at file: path)"); accepted entries join the pickers and are listed
 * here with a Remove button.
 * @module
 */
import { useId, useState, type ChangeEvent } from "react";
import { Issues } from "../components/Status";
import { addCustom, EXAMPLE_HARDWARE, type AddContext } from "./add-custom";
import { HardwareForm, type ClassOption } from "./HardwareForm";

/** A collapsible panel for custom hardware and models. */
export function CustomPanel({ classes, ...ctx }: AddContext & { readonly classes: readonly ClassOption[] }) {
  const id = useId();
  const [text, setText] = useState(EXAMPLE_HARDWARE);
  const [errors, setErrors] = useState<readonly string[]>([]);
  const [note, setNote] = useState("");

  const run = async (kind: "hardware" | "model", name: string, body: string) => {
    const r = await addCustom(ctx, kind, name, body);
    setErrors(r.errors);
    setNote(r.added.length ? `Added ${r.added.map((e) => e.id).join(", ")}.` : "");
  };
  const upload = (kind: "hardware" | "model") => async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) await run(kind, file.name, await file.text());
    e.target.value = "";
  };

  return (
    <details className="custom">
      <summary>Custom hardware and models</summary>
      <div className="custom-body">
        <div className="field">
          <label htmlFor={`${id}-paste`}>Hardware file (JSON or YAML, catalog schema)</label>
          <textarea id={`${id}-paste`} name="custom-hardware" rows={9} value={text} spellCheck={false} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="row">
          <button type="button" onClick={() => void run("hardware", "pasted.yaml", text)}>
            Add pasted hardware
          </button>
          <label className="file">
            Upload hardware file
            <input type="file" name="hardware-file" accept=".json,.yaml,.yml,application/json,text/yaml" onChange={(e) => void upload("hardware")(e)} />
          </label>
        </div>
        <div className="field">
          <label htmlFor={`${id}-hf`}>Model: Hugging Face config.json</label>
          <input id={`${id}-hf`} type="file" name="model-config" accept=".json,application/json" onChange={(e) => void upload("model")(e)} />
        </div>
        <HardwareForm classes={classes} onSubmit={(body) => run("hardware", "form", body)} />
        <p role="status" aria-live="polite" className="hint">
          {note}
        </p>
        <Issues items={errors} title="Not added:" />
        {ctx.custom.entries.length > 0 && (
          <ul className="custom-list" aria-label="Custom entries">
            {ctx.custom.entries.map((e) => (
              <li key={`${e.kind}:${e.id}`}>
                <span>
                  {e.kind} <code>{e.id}</code> <small>from {e.source}</small>
                </span>
                <button type="button" onClick={() => ctx.custom.remove(e)}>
                  Remove<span className="sr-only"> {e.id}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <p className="hint">Kept in this browser (localStorage); links you copy carry the custom entries they use.</p>
      </div>
    </details>
  );
}
