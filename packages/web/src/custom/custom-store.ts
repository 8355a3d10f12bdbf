/**
 * The user's custom hardware and models: kept in localStorage (this browser only) and merged
 * with those a shared link carries in its `custom` parameter. An entry replaces an earlier one
 * of the same kind and id.
 * @module
 */
import { useCallback, useEffect, useState } from "react";
import { readCustom } from "../state/url-state";
import type { CustomEntry } from "../worker/protocol";

/** localStorage key (versioned: a format change starts a new list). */
export const STORAGE_KEY = "infersim.custom.v1";

const same = (a: CustomEntry, b: CustomEntry) => a.kind === b.kind && a.id === b.id;

/** `base` with `extra` added, later entries replacing earlier ones of the same kind and id. */
export function mergeCustom(base: readonly CustomEntry[], extra: readonly CustomEntry[]): CustomEntry[] {
  return [...base.filter((b) => !extra.some((e) => same(b, e))), ...extra];
}

function load(): CustomEntry[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(v) ? (v as CustomEntry[]) : [];
  } catch {
    return [];
  }
}

/** The custom entries and how to change them. */
export interface CustomStore {
  readonly entries: readonly CustomEntry[];
  readonly add: (entries: readonly CustomEntry[]) => void;
  readonly remove: (entry: CustomEntry) => void;
}

/** Custom entries from localStorage and the URL, saved back on every change. */
export function useCustomStore(): CustomStore {
  const [entries, setEntries] = useState<CustomEntry[]>(() => mergeCustom(load(), readCustom(location.search)));
  useEffect(() => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(entries));
    } catch {
      // Storage full or disabled (private mode): entries still live in the URL for this session.
    }
  }, [entries]);
  const add = useCallback((extra: readonly CustomEntry[]) => setEntries((prev) => mergeCustom(prev, extra)), []);
  const remove = useCallback((entry: CustomEntry) => setEntries((prev) => prev.filter((e) => !same(e, entry))), []);
  return { entries, add, remove };
}
