#!/usr/bin/env node
/**
 * CLI entry: run the program; input problems print one line each and exit 2, never a stack trace.
 * @module
 */
import { CommanderError } from "commander";
import { formatIssue, InputError } from "@infersim/core";
import { CliError } from "./errors.js";
import { createProgram } from "./program.js";

function exitWith(code: number, lines: readonly string[]) {
  for (const l of lines) process.stderr.write(`infersim: ${l}\n`);
  process.exitCode = code;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = createProgram();
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // Subcommands inherit exitOverride only when set before they are added; set it on each.
  const walk = (c: typeof program) => {
    c.exitOverride();
    for (const s of c.commands) walk(s as typeof program);
  };
  walk(program);
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors (already printed by commander) exit 2.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof CliError || e instanceof InputError) return exitWith(2, e.issues.map(formatIssue));
    const msg = e instanceof Error ? e.message : String(e);
    exitWith(1, [`internal error: ${msg}`, "this is a bug in infersim; please report it with the command you ran"]);
  }
}

// A reader that closes the pipe early (`infersim … | head`) is not an error: stop quietly. Any other
// failure to write the output ends the run with one line and exit 2, never a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) process.stderr.write(`infersim: cannot write the output: ${e.message}\n`);
    process.exit(2);
  });
}

await main(process.argv);
