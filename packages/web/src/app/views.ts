/**
 * Views and their registry. A view is an id (the `view` URL parameter), a tab label, its place in
 * the tab order and the component that draws it from the shared state. Each view lives in
 * `src/views/<id>/index.tsx` and exports `view`; the registry finds them with `import.meta.glob`,
 * so adding a view (Simulate, Plan…) is adding one file. Unknown `view` values in a URL fall back
 * to the first tab.
 * @module
 */
import type { ComponentType } from "react";
import type { CustomStore } from "../custom/custom-store";
import type { AppStateHandle } from "../state/use-app-state";
import type { AppState } from "../state/url-state";
import type { CatalogData } from "../worker/protocol";

/** What every view receives. */
export interface ViewProps {
  readonly state: AppState;
  readonly update: AppStateHandle["update"];
  /** Pickers' lists and the catalog; undefined until the worker has answered. */
  readonly catalog: CatalogData | undefined;
  readonly custom: CustomStore;
}

/** A tab of the app. */
export interface ViewDef {
  /** URL value of `view`, e.g. `compare`. */
  readonly id: string;
  /** Tab label. */
  readonly label: string;
  /** Tab position (ascending). */
  readonly order: number;
  /** One line under the tabs saying what the view answers. */
  readonly summary: string;
  readonly Component: ComponentType<ViewProps>;
}

const modules = import.meta.glob<{ view: ViewDef }>("../views/*/index.tsx", { eager: true });

/** All views, in tab order. */
export const VIEWS: readonly ViewDef[] = Object.values(modules)
  .map((m) => m.view)
  .sort((a, b) => a.order - b.order);

/** The view for a URL value (the first view when unknown). */
export function viewById(id: string): ViewDef {
  const v = VIEWS.find((x) => x.id === id) ?? VIEWS[0];
  if (!v) throw new Error("infersim web: no views registered");
  return v;
}
