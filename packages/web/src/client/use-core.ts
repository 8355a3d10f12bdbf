/**
 * React hook: run a core method whenever its parameters change and keep the latest result.
 * Stale replies are dropped (a superseded request still waiting is never sent, and a superseded
 * long run is stopped in its worker); the previous result stays on screen while a new one
 * computes, `slow` turns true once a computation has taken longer than `SLOW_MS` (the loading
 * state), and `progress` carries the worker's latest report.
 * @module
 */
import { useEffect, useState } from "react";
import type { CoreApi, Method } from "../worker/protocol";
import type { Progress } from "../worker/protocol-serving";
import { core, CoreError, laneOf, type Timed } from "./core-client";

/** A computation longer than this shows the loading state. */
const SLOW_MS = 100;

/** The latest result of a core call, its issues, and whether a call is running. */
export interface CoreState<T> {
  readonly result: Timed<T> | undefined;
  /** Issues of the latest request, rendered; empty when it succeeded. */
  readonly errors: readonly string[];
  readonly loading: boolean;
  readonly slow: boolean;
  /** The running request's latest progress report, if it sends any. */
  readonly progress: Progress | undefined;
}

/** Call `method` with `params` (skipped while `params` is null); re-run when they change by value. */
export function useCore<M extends Method>(method: M, params: CoreApi[M]["req"] | null): CoreState<CoreApi[M]["res"]> {
  const key = params === null ? null : JSON.stringify(params);
  const [state, setState] = useState<CoreState<CoreApi[M]["res"]>>({ result: undefined, errors: [], loading: params !== null, slow: false, progress: undefined });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true, slow: false, progress: undefined }));
    const timer = setTimeout(() => live && setState((s) => ({ ...s, slow: s.loading })), SLOW_MS);
    core(laneOf(method))
      .call(method, JSON.parse(key) as CoreApi[M]["req"], { signal: abort.signal, onProgress: (progress) => live && setState((s) => ({ ...s, progress })) })
      .then(
        (result) => live && setState({ result, errors: [], loading: false, slow: false, progress: undefined }),
        (e: unknown) => live && setState(() => ({ result: undefined, errors: e instanceof CoreError ? e.errors : [String(e)], loading: false, slow: false, progress: undefined })),
      )
      .finally(() => clearTimeout(timer));
    return () => {
      live = false;
      clearTimeout(timer);
      abort.abort();
    };
  }, [method, key]);
  return state;
}
