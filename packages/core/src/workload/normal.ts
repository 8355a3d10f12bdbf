/**
 * The standard normal distribution's CDF Φ and inverse CDF Φ⁻¹, used by the lognormal and gamma
 * samplers and by the lognormal's closed-form mean and quantiles.
 * - Φ: complementary error function by the Chebyshev fit of Numerical Recipes (`erfcc`),
 *   fractional error < 1.2e-7 everywhere.
 * - Φ⁻¹: P. J. Acklam's rational approximation, relative error < 1.15e-9 on (0, 1).
 * @module
 */

/** Complementary error function erfc(x), fractional error < 1.2e-7. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(x) = P(Z ≤ x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

// Acklam's coefficients.
const a1 = -3.969683028665376e1, a2 = 2.209460984245205e2, a3 = -2.759285104469687e2;
const a4 = 1.38357751867269e2, a5 = -3.066479806614716e1, a6 = 2.506628277459239;
const b1 = -5.447609879822406e1, b2 = 1.615858368580409e2, b3 = -1.556989798598866e2;
const b4 = 6.680131188771972e1, b5 = -1.328068155288572e1;
const c1 = -7.784894002430293e-3, c2 = -3.223964580411365e-1, c3 = -2.400758277161838;
const c4 = -2.549732539343734, c5 = 4.374664141464968, c6 = 2.938163982698783;
const d1 = 7.784695709041462e-3, d2 = 3.224671290700398e-1, d3 = 2.445134137142996, d4 = 3.754408661907416;
const P_LOW = 0.02425;

function tail(q: number): number {
  return (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
}

/**
 * Standard normal quantile Φ⁻¹(p). p = 0 gives −∞ and p = 1 gives +∞; callers drawing from
 * [0, 1) should map u to (0, 1) first (see {@link standardNormal}).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < P_LOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q) / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1);
}

/** A standard normal draw from one uniform u ∈ [0, 1) by inversion (u = 0 is nudged to 2⁻⁵⁴). */
export function standardNormal(u: number): number {
  return normalQuantile(u > 0 ? u : 5.551115123125783e-17);
}
