/**
 * Status pieces: the loading indicator (shown once a computation passes 100 ms), with a progress
 * bar when the worker reports progress, and issue lists (the core's messages, "message (at path)").
 * @module
 */
import type { Progress } from "../worker/protocol-serving";

/** "Computing…" while `active`; announced politely to screen readers. */
export function Busy({ active, label = "Computing…" }: { active: boolean; label?: string }) {
  return (
    <div className="busy" role="status" aria-live="polite" data-busy={active ? "true" : "false"}>
      {active ? (
        <>
          <span className="spinner" aria-hidden="true" /> {label}
        </>
      ) : null}
    </div>
  );
}

/** "Computing…" with a progress bar and the worker's words once it reports progress. */
export function BusyProgress({ active, progress, label }: { active: boolean; progress: Progress | undefined; label: string }) {
  return (
    <div className="busy" role="status" aria-live="polite" data-busy={active ? "true" : "false"}>
      {active ? (
        <>
          <span className="spinner" aria-hidden="true" /> {label}
          {progress && (
            <>
              <progress max={Math.max(progress.total, 1e-9)} value={progress.done} aria-label={`${label} progress`} />
              <span className="hint" data-testid="progress-label">
                {progress.label}
              </span>
            </>
          )}
        </>
      ) : null}
    </div>
  );
}

/** Problems to show, each on its own line. */
export function Issues({ items, title }: { items: readonly string[]; title?: string }) {
  if (!items.length) return null;
  return (
    <div className="issues" role="alert">
      {title && <strong>{title}</strong>}
      <ul>
        {items.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
