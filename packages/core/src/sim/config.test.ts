import { describe, expect, it } from "vitest";
import { hardwareCatalog, modelCatalog } from "../catalog/catalog.js";
import { unwrap } from "../errors.js";
import { simulationSetup } from "./config.js";
import { defaultKvLink } from "./setup.js";
import { seconds } from "../units.js";

const hw = (id: string) => unwrap(hardwareCatalog().get(id));
const model = unwrap(modelCatalog().get("llama-3.1-70b"));

describe("simulationSetup: the CLI's and the web app's simulation builder", () => {
  it("aggregated: replicas of one deployment with the chosen scheduler and options", () => {
    const s = unwrap(simulationSetup({ model, hardware: hw("h100-sxm"), deployment: { chips: 8, tp: undefined }, replicas: 2, mode: "static", seed: 3, staticMaxWait: 0.5, speculative: { method: "ngram", acceptance: 0.5, length: 3 } }));
    expect(s.config).toMatchObject({ replicas: 2, scheduler: "static", seed: 3, staticMaxWait: 0.5, prefixCaching: true, speculative: { method: "ngram" } });
    expect(s.pools.map((p) => [p.name, p.deployment.chips, p.replicas])).toEqual([["main", 8, 2]]);
    expect(s.defaultLink).toBeUndefined();
  });
  it("a pool's own hardware makes serving disaggregated; the link keeps the defaults it does not override", () => {
    const s = unwrap(simulationSetup({ model, hardware: hw("h100-sxm"), decode: { hardware: hw("b200"), replicas: 2 }, link: { latency: seconds(1e-5), layerwise: true }, seed: 1 }));
    const dis = s.config.disaggregated!;
    expect([dis.prefill.deployment.hardware.id, dis.decode.deployment.hardware.id, dis.decode.replicas]).toEqual(["h100-sxm", "b200", 2]);
    const def = defaultKvLink(dis.prefill.deployment, dis.decode.deployment);
    expect(dis.link).toEqual({ ...def, latency: 1e-5, layerwise: true });
    expect(s.defaultLink).toEqual(def);
  });
  it("a pool's issues carry its name; a pool without hardware is an issue, not a crash", () => {
    const bad = simulationSetup({ model, mode: "disaggregated", prefill: { hardware: hw("h100-sxm"), tp: 3 }, seed: 1 });
    expect(bad.ok).toBe(false);
    const paths = !bad.ok ? bad.issues.map((i) => i.path) : [];
    expect(paths).toContain("prefill.deployment.tp");
    expect(paths).toContain("decode.deployment.hardware");
    const none = simulationSetup({ model, seed: 1 });
    expect(!none.ok && none.issues[0]?.path).toBe("deployment.hardware");
  });
});
