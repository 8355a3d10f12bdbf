/**
 * A table of records with a caption and a CSV export (the core's `toCsv`, run in the worker).
 * Cells render as React nodes; the CSV takes the raw records (every field, units in the names).
 * Wide tables scroll sideways inside their box on small screens.
 * @module
 */
import type { ReactNode } from "react";
import { slug } from "../export/download";
import { CsvButton } from "./CsvButton";

/** One column: its header and how to draw a cell. */
export interface Column<R> {
  readonly header: ReactNode;
  readonly cell: (r: R) => ReactNode;
  /** Right-align (numbers). */
  readonly numeric?: boolean;
  /** Extra class on the column's cells (e.g. `wide` for a minimum width). */
  readonly className?: string;
}

const cls = (c: { numeric?: boolean; className?: string }) => [c.numeric ? "num" : "", c.className ?? ""].filter(Boolean).join(" ") || undefined;

/** Props of {@link DataTable}. */
export interface DataTableProps<R> {
  readonly caption: string;
  readonly columns: readonly Column<R>[];
  readonly rows: readonly R[];
  readonly rowKey: (r: R, i: number) => string;
  /** Records for the CSV (default: `rows`). */
  readonly csvRows?: readonly Record<string, unknown>[];
  /** CSV columns, in order (default: the first record's keys). */
  readonly csvColumns?: readonly string[];
  /** CSV file name without extension (default: the caption, slugged). */
  readonly filename?: string;
  /** Extra controls in the heading, before the CSV button. */
  readonly actions?: ReactNode;
  /** Highlight a row (e.g. the baseline). */
  readonly rowClass?: (r: R) => string | undefined;
}

/** A captioned table with "CSV" export. */
export function DataTable<R>(p: DataTableProps<R>) {
  const name = p.filename ?? slug(p.caption);
  const records = () => p.csvRows ?? (p.rows as unknown as Record<string, unknown>[]);
  return (
    <section className="table-block" aria-label={p.caption}>
      <div className="table-head">
        <h3>{p.caption}</h3>
        <div className="actions">
          {p.actions}
          <CsvButton rows={records} {...(p.csvColumns ? { columns: p.csvColumns } : {})} filename={name} of={p.caption} disabled={!p.rows.length} />
        </div>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={`${p.caption} (scrollable)`}>
        <table>
          <thead>
            <tr>
              {p.columns.map((c, i) => (
                <th key={i} scope="col" className={cls(c)}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r, i) => (
              <tr key={p.rowKey(r, i)} className={p.rowClass?.(r)}>
                {p.columns.map((c, j) => (
                  <td key={j} className={cls(c)}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
