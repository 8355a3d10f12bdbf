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

  // Keep the URL in step (also when custom entries change what it must carry).
  useEffect(() => {
    const search = "?" + writeState(state, custom);
    if (search !== location.search) history.replaceState(null, "", search);
  }, [state, custom]);

  const stateRef = useRef(state);
  stateRef.current = state;
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
