/**
 * React hook binding {@link AppState} to the address bar: edits replace the current history
 * entry, view switches push a new one (so Back returns to the previous view), and Back/Forward
 * restore the state. Custom entries referenced by the state are written into the URL too.
 * @module
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { CustomEntry } from "../worker/protocol";
import { readState, writeState, type AppState } from "./url-state";

/** The state and its updater. */
export interface AppStateHandle {
  readonly state: AppState;
  /** Merge `patch` into the state; `push` adds a history entry instead of replacing. */
  readonly update: (patch: Partial<AppState>, opts?: { push?: boolean }) => void;
}

/** The state from `location.search`, kept in sync with the URL. */
export function useAppState(custom: readonly CustomEntry[]): AppStateHandle {
  const [state, setState] = useState<AppState>(() => readState(location.search));
  const customRef = useRef(custom);
  customRef.current = custom;

  useEffect(() => {
    const onPop = () => setState(readState(location.search));
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);

  const stateRef = useRef(state);
  stateRef.current = state;

  // Edits write the URL in `update`; custom entries change outside it (added, removed), so the URL
  // is written again when they do (and once at the start, filling in the defaults).
  useEffect(() => {
    const search = "?" + writeState(stateRef.current, custom);
    if (search !== location.search) history.replaceState(null, "", search);
  }, [custom]);
  const update = useCallback((patch: Partial<AppState>, opts: { push?: boolean } = {}) => {
    const next = { ...stateRef.current, ...patch };
    stateRef.current = next;
    const search = "?" + writeState(next, customRef.current);
    if (opts.push) history.pushState(null, "", search);
    else history.replaceState(null, "", search);
    setState(next);
  }, []);

  return { state, update };
}
