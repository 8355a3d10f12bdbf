/**
 * Catalog view: every built-in (and custom) hardware and model, with every number's source
 * linked, prices dated, estimates flagged, published and counted model sizes side by side. The
 * custom-entry panel is here too, so entries can be added and removed without a comparison.
 * @module
 */
import type { ViewDef, ViewProps } from "../../app/views";
import { Busy } from "../../components/Status";
import { CustomPanel } from "../../custom/CustomPanel";
import { HardwareTable } from "./HardwareTable";
import { ModelTable } from "./ModelTable";

function CatalogView({ state, update, catalog, custom }: ViewProps) {
  return (
    <section className="results wide" aria-label="Catalog">
      <Busy active={!catalog} label="Loading the catalog…" />
      {catalog && (
        <>
          <HardwareTable rows={catalog.hardware} />
          <ModelTable rows={catalog.models} />
        </>
      )}
      <CustomPanel state={state} update={update} custom={custom} classes={catalog?.classes ?? []} />
    </section>
  );
}

/** The Catalog tab. */
export const view: ViewDef = {
  id: "catalog",
  label: "Catalog",
  order: 40,
  summary: "Every accelerator and model the predictions use, with the source of each number.",
  Component: CatalogView,
};
