/**
 * A "CSV" button: records turned into CSV by the core's `toCsv` (in the worker: the same quoting
 * and null handling as the CLI's `--csv`) and offered for download. Used by tables and by charts
 * whose data is too long to show as a table (the simulation timeline).
 * @module
 */
import { useState } from "react";
import { core, CoreError } from "../client/core-client";
import { downloadText } from "../export/download";

/** Props of {@link CsvButton}. */
export interface CsvButtonProps {
  /** The records, computed when clicked. */
  readonly rows: () => readonly Record<string, unknown>[];
  /** Columns, in order (default: the first record's keys). */
  readonly columns?: readonly string[];
  /** File name without extension. */
  readonly filename: string;
  /** What the file holds, for screen readers ("CSV of …"). */
  readonly of: string;
  readonly disabled?: boolean;
}

/** Export records as a CSV download; a failure is shown under the button. */
export function CsvButton(p: CsvButtonProps) {
  const [error, setError] = useState("");
  const exportCsv = async () => {
    try {
      const { value } = await core().call("csv", { rows: p.rows(), ...(p.columns ? { columns: p.columns } : {}) });
      downloadText(`${p.filename}.csv`, value, "text/csv");
      setError("");
    } catch (e) {
      setError(e instanceof CoreError ? e.errors.join("; ") : String(e));
    }
  };
  return (
    <>
      <button type="button" onClick={() => void exportCsv()} disabled={p.disabled}>
        CSV<span className="sr-only"> of {p.of}</span>
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </>
  );
}
