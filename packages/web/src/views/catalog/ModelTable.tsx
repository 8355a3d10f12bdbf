/**
 * The model catalog as a table: architecture, attention and MoE shape, the published parameter
 * count (with its source) beside the count derived from the config, and the config's source.
 * @module
 */
import { DataTable, type Column } from "../../components/DataTable";
import { SourceRef } from "../../components/cells";
import type { ModelInfo } from "../../worker/protocol";

const COLUMNS: Column<ModelInfo>[] = [
  {
    header: "Model",
    cell: (m) => (
      <>
        <strong>{m.id}</strong>
        {m.custom && <span className="tag">custom</span>}
        <br />
        <small>{m.name}</small>
      </>
    ),
  },
  { header: "Architecture", cell: (m) => m.architecture },
  { header: "Attention", cell: (m) => m.attention },
  { header: "Layers", cell: (m) => m.layers, numeric: true },
  { header: "FFN", cell: (m) => m.moe },
  { header: "Release format", cell: (m) => m.defaultPrecision },
  { header: "Max context", cell: (m) => m.maxContext.toLocaleString("en-US"), numeric: true },
  {
    header: "Published params",
    cell: (m) =>
      m.published ? (
        <>
          {m.published}
          <br />
          <SourceRef text={m.publishedSource} />
        </>
      ) : (
        "—"
      ),
  },
  { header: "Counted from config", cell: (m) => m.counted },
  { header: "Config source", cell: (m) => (m.configSource ? <SourceRef text={m.configSource} /> : "—") },
];

/** CSV record for a model row. */
const csvRecord = (m: ModelInfo) => ({
  id: m.id,
  name: m.name,
  custom: m.custom,
  architecture: m.architecture,
  attention: m.attention,
  layers: m.layers,
  ffn: m.moe,
  release_format: m.defaultPrecision,
  max_context: m.maxContext,
  published_params: m.published,
  published_source: m.publishedSource,
  counted_params: m.counted,
  config_source: m.configSource,
});

/** The model table. */
export function ModelTable({ rows }: { rows: readonly ModelInfo[] }) {
  return <DataTable caption={`Models (${rows.length})`} filename="catalog-models" columns={COLUMNS} rows={rows} rowKey={(m) => m.id} csvRows={rows.map(csvRecord)} />;
}
