// Shared fixtures for core tests: catalog lookups that fail loudly.
import { hardwareCatalog, modelCatalog, resolveDeployment, unwrap, type Deployment, type DeploymentSpec, type Hardware, type Model } from "../src/index.js";

export const hw = (id: string): Hardware => unwrap(hardwareCatalog().get(id));
export const model = (id: string): Model => unwrap(modelCatalog().get(id));
export const deploy = (hwId: string, modelId: string, rest: Partial<DeploymentSpec> = {}): Deployment =>
  unwrap(resolveDeployment({ hardware: hw(hwId), model: model(modelId), ...rest }));
