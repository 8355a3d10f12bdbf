/**
 * Form values (strings, as typed or read from the URL) into numbers and names: the core's
 * `Fields`, the same parser (and messages) as the CLI's flags. Every bad value becomes an issue
 * whose path is the field's name (`rate must be a number in (0, ∞], got "x" (at rate)`); an empty
 * field is "not given".
 * @module
 */
export { Fields } from "@infersim/core";
