/**
 * The model catalog file format: a Hugging Face `config.json` verbatim plus the published
 * parameter counts and where they come from.
 * @module
 */
import { z } from "zod";
import { atPath, fail, ok, type Result } from "../errors.js";
import { zodIssues } from "../io/zod-issues.js";
import { DTYPES } from "../dtype.js";
import { importHfConfig } from "./hf-config.js";
import type { Model } from "./model.js";

export const modelFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "id must be a lowercase slug"),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  huggingFace: z.string().min(1),
  published: z.strictObject({
    totalParams: z.number().positive(),
    activeParams: z.number().positive().optional(),
    source: z.string().min(1),
    note: z.string().optional(),
  }),
  defaultWeightDtype: z.enum(DTYPES),
  extraParams: z.strictObject({ count: z.number().nonnegative(), note: z.string().min(1) }).optional(),
  config: z.record(z.string(), z.unknown()),
  configSource: z.string().min(1),
});

export type ModelFile = z.input<typeof modelFileSchema>;

/** Parse a catalog model file into a {@link Model}. */
export function parseModelFile(input: unknown, path = ""): Result<Model> {
  const r = modelFileSchema.safeParse(input);
  if (!r.success) return fail(...zodIssues(r.error, input, path));
  const f = r.data;
  const res = importHfConfig(
    f.config,
    {
      id: f.id,
      name: f.name,
      aliases: [...f.aliases, f.huggingFace],
      published: f.published.activeParams !== undefined
        ? { totalParams: f.published.totalParams, activeParams: f.published.activeParams, source: f.published.source, ...(f.published.note ? { note: f.published.note } : {}) }
        : { totalParams: f.published.totalParams, source: f.published.source, ...(f.published.note ? { note: f.published.note } : {}) },
      defaultWeightDtype: f.defaultWeightDtype,
      source: f.configSource,
      ...(f.extraParams ? { extraParams: f.extraParams.count, extraParamsNote: f.extraParams.note } : {}),
    },
    atPath(path, "config"),
  );
  return res.ok ? ok(res.value) : res;
}
