/**
 * The hardware catalog as a table: datasheet numbers, dated prices (estimates flagged), every
 * source linked, and each estimated field with the reason it is an estimate.
 * @module
 */
import { DataTable, type Column } from "../../components/DataTable";
import { SourceRef } from "../../components/cells";
import type { HardwareInfo } from "../../worker/protocol";

const COLUMNS: Column<HardwareInfo>[] = [
  {
    header: "Hardware",
    cell: (h) => (
      <>
        <strong>{h.id}</strong>
        {h.custom && <span className="tag">custom</span>}
        <br />
        <small>
          {h.name} · {h.vendor}
          {h.year ? ` · ${h.year}` : ""}
        </small>
      </>
    ),
  },
  { header: "Class", cell: (h) => h.class },
  { header: "Dense compute", cell: (h) => h.compute, className: "mid" },
  { header: "Memory", cell: (h) => h.memory, className: "mid" },
  { header: "Scale-up", cell: (h) => h.scaleUp, className: "mid" },
  { header: "Power", cell: (h) => h.power },
  {
    header: "Prices",
    className: "wide",
    cell: (h) => (
      <ul className="plain">
        {h.prices.map((p) => (
          <li key={p.kind}>
            {p.value} {p.kind}, {p.date}
            {p.estimate && <span className="tag est">estimate</span>} — <SourceRef text={p.source} />
          </li>
        ))}
      </ul>
    ),
  },
  {
    header: "Sources",
    className: "wide",
    cell: (h) => (
      <ul className="plain">
        {h.sources.map((s) => (
          <li key={s.group}>
            <em>{s.group}:</em>{" "}
            {s.refs.map((r, i) => (
              <span key={i}>
                {i > 0 && ", "}
                <SourceRef text={r} />
              </span>
            ))}
          </li>
        ))}
      </ul>
    ),
  },
  {
    header: "Estimates",
    className: "mid",
    cell: (h) =>
      h.estimates.length ? (
        <details>
          <summary>
            {h.estimates.length} estimated: {h.estimates.map((e) => e.field).join(", ")}
          </summary>
          <ul className="plain">
            {h.estimates.map((e) => (
              <li key={e.field}>
                <span className="tag est">{e.field}</span> {e.why}
              </li>
            ))}
          </ul>
        </details>
      ) : (
        "none"
      ),
  },
  { header: "Confidence", cell: (h) => h.confidence },
];

/** CSV record for a hardware row: lists joined, sources as "group: refs". */
const csvRecord = (h: HardwareInfo) => ({
  id: h.id,
  name: h.name,
  vendor: h.vendor,
  class: h.class,
  year: h.year,
  custom: h.custom,
  compute: h.compute,
  memory: h.memory,
  scale_up: h.scaleUp,
  power: h.power,
  prices: h.prices.map((p) => `${p.value} ${p.kind} ${p.date}${p.estimate ? " (estimate)" : ""} <${p.source}>`),
  sources: h.sources.map((s) => `${s.group}: ${s.refs.join(" ")}`),
  estimates: h.estimates.map((e) => `${e.field}: ${e.why}`),
  confidence: h.confidence,
});

/** The hardware table. */
export function HardwareTable({ rows }: { rows: readonly HardwareInfo[] }) {
  return <DataTable caption={`Hardware (${rows.length})`} filename="catalog-hardware" columns={COLUMNS} rows={rows} rowKey={(h) => h.id} csvRows={rows.map(csvRecord)} />;
}
