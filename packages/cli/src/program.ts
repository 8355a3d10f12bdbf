/**
 * The command tree. Thin: each command parses flags, calls the core, renders.
 * @module
 */
import { Command } from "commander";
import { hardwareCommand, modelCommand } from "./commands/catalog.js";
import { compareCommand } from "./commands/compare.js";
import { headlineCommand } from "./commands/headline.js";
import { predictCommand } from "./commands/predict.js";
import { validateCommand } from "./commands/validate.js";
import { calibrateCommand } from "./commands/calibrate.js";
import { simulateCommand } from "./commands/simulate.js";
import { mergeCommand } from "./commands/merge.js";
import { planCommand } from "./commands/plan.js";

export const VERSION = "0.1.0";

export function createProgram(): Command {
  const p = new Command("infersim")
    .description("Which silicon should serve which LLM workload, how fast, and at what cost.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)");
  p.addCommand(predictCommand());
  p.addCommand(compareCommand());
  p.addCommand(hardwareCommand());
  p.addCommand(modelCommand());
  p.addCommand(simulateCommand());
  p.addCommand(planCommand());
  p.addCommand(mergeCommand());
  p.addCommand(validateCommand());
  p.addCommand(calibrateCommand());
  p.addCommand(headlineCommand());
  return p;
}
