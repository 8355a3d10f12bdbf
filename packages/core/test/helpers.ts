// Shared fixtures for core tests: catalog lookups that fail loudly.
import { hardwareCatalog, modelCatalog, resolveDeployment, unwrap, type Deployment, type DeploymentSpec, type Filled, type Hardware, type Model, type Summary } from "../src/index.js";

export const hw = (id: string): Hardware => unwrap(hardwareCatalog().get(id));
export const model = (id: string): Model => unwrap(modelCatalog().get(id));
export const deploy = (hwId: string, modelId: string, rest: Partial<DeploymentSpec> = {}): Deployment =>
  unwrap(resolveDeployment({ hardware: hw(hwId), model: model(modelId), ...rest }));

/** A latency summary's figures, failing the test when no request was measured (figures null). */
export const figures = (s: Summary): Filled => {
  if (s.mean === null || s.p50 === null || s.p90 === null || s.p99 === null) throw new Error(`no request measured (count ${s.count})`);
  return { mean: s.mean, p50: s.p50, p90: s.p90, p99: s.p99 };
};
