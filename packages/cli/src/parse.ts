/**
 * Strict parsing of flag values: the core's {@link Fields} (the web app's too), with issues at the
 * flag (`--rate`) and messages naming it without dashes (`rate must be a number …`). A flag given
 * empty (`--rate ""`) is a bad value, not a missing one.
 * @module
 */
import { Fields } from "@infersim/core";

export class Collector extends Fields {
  constructor() {
    super({ label: (flag) => flag.replace(/^--/, ""), blank: "invalid" });
  }
}
