/**
 * Status pieces: the loading indicator (shown once a computation passes 100 ms) and issue lists
 * (the core's messages, "message (at path)").
 * @module
 */
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
