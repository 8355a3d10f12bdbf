/**
 * Pareto frontier of points in two objectives, each maximised or minimised: the points no other
 * point beats in both. Returned sorted by x.
 * @module
 */

export function paretoFront<P extends { x: number; y: number }>(points: readonly P[], xDir: "max" | "min", yDir: "max" | "min"): P[] {
  const sx = xDir === "max" ? 1 : -1;
  const sy = yDir === "max" ? 1 : -1;
  // Best x first; keep a point when its y beats every point with a better-or-equal x.
  const sorted = [...points].filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => sx * (b.x - a.x) || sy * (b.y - a.y));
  const out: P[] = [];
  let bestY = -Infinity;
  for (const p of sorted) {
    if (sy * p.y > bestY) {
      out.push(p);
      bestY = sy * p.y;
    }
  }
  return out.sort((a, b) => a.x - b.x);
}
