import { describe, expect, it } from "vitest";
import { formatMs } from "./format.js";

describe("formatMs", () => {
  it("prints a latency in ms, rounded when asked, and says when no request produced it", () => {
    expect(formatMs(412.345)).toBe("412.345 ms");
    expect(formatMs(412.345, 1)).toBe("412.3 ms");
    expect(formatMs(null)).toBe("none measured");
    expect(formatMs(null, 2)).toBe("none measured");
  });
});
