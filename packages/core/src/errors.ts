/**
 * Boundary errors: every problem found in user input is an {@link Issue} with the path of the
 * field and a message that names the bad value. Parsers return a {@link Result}; the CLI prints
 * every issue and exits 2. Broken internal invariants are bugs and use {@link assert}.
 * @module
 */

/** One problem with an input, at a dotted path such as `deployment.tp`. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly Issue[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...issues: Issue[]): Result<T> => ({ ok: false, issues });
export const issue = (path: string, message: string): Issue => ({ path, message });
/** `key` under the dotted path `path` (`path.key`, or `key` at the root). */
export const atPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Render one issue the way the CLI prints it. */
export function formatIssue(i: Issue): string {
  return i.path ? `${i.message} (at ${i.path})` : i.message;
}

/** Thrown by {@link unwrap} and by library entry points that take already-validated input. */
export class InputError extends Error {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "InputError";
    this.issues = issues;
  }
}

/** Return the value or throw an {@link InputError} carrying every issue. */
export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new InputError(r.issues);
}

/**
 * Internal invariant. A failure is a bug in infersim, reported with the bad value. Hot paths pass
 * the message as a function, so that it is only formatted on failure.
 */
export function assert(cond: unknown, message: string | (() => string)): asserts cond {
  if (!cond) throw internalError(typeof message === "string" ? message : message());
}

/** The error a broken invariant throws; hot paths test inline and build it only on failure. */
export function internalError(message: string): Error {
  return new Error(`infersim internal error: ${message}`);
}

/** Prefix every issue's path, for nested parsing. */
export function prefixIssues(prefix: string, issues: readonly Issue[]): Issue[] {
  return issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message }));
}
