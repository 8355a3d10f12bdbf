import { describe, expect, it } from "vitest";
import { toCsv } from "../report/csv.js";
import { parseOutOfFold } from "./out-of-fold.js";

describe("parseOutOfFold", () => {
  it("reads back what calibrate writes, quoted fields included", () => {
    const rows = [
      { id: "a-1", metric: "ttft_ms", source: "Vendor, \"blog\" 2025", hardwareClass: "gpu-hbm", measured: 120, predicted: 101.5 },
      { id: "b-2", metric: "tpot_ms", source: "MLPerf", hardwareClass: "wafer-sram", measured: 2.5, predicted: 3 },
    ];
    const r = parseOutOfFold(toCsv(rows));
    expect(r.ok && r.value).toEqual(rows);
  });
  it("every bad row and a missing column are issues with the line", () => {
    const bad = parseOutOfFold("id,metric,source,hardwareClass,measured,predicted\nx,ttft_ms,s,gpu-hbm,0,1\ny,ttft_ms,s,gpu-hbm,5,abc\nz,ttft_ms,s\n", "oof.csv");
    expect(!bad.ok && bad.issues.map((i) => i.path)).toEqual(["oof.csv:2.measured", "oof.csv:3.predicted", "oof.csv:4"]);
    const cols = parseOutOfFold("id,metric,measured\n", "oof.csv");
    expect(!cols.ok && cols.issues[0]?.message).toBe("header lacks columns source, hardwareClass, predicted");
  });
});
