/**
 * The app shell: header with the view tabs (links carrying the full state, so each opens in a
 * new tab too) and a copy-link button, the active view, and the footer. State comes from the URL;
 * the catalog (pickers) from the worker, with the user's custom entries added.
 * @module
 */
import { useState, type MouseEvent } from "react";
import { useCore } from "../client/use-core";
import { Issues } from "../components/Status";
import { useCustomStore } from "../custom/custom-store";
import { useAppState } from "../state/use-app-state";
import { writeState } from "../state/url-state";
import { VIEWS, viewById } from "./views";

const plainClick = (e: MouseEvent) => e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;

/** The whole page. */
export function App() {
  const custom = useCustomStore();
  const { state, update } = useAppState(custom.entries);
  const catalog = useCore("catalog", { custom: custom.entries });
  const [copied, setCopied] = useState("");
  const active = viewById(state.view);
  const View = active.Component;

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setCopied("Link copied");
    } catch {
      setCopied("Copy the address bar to share this view");
    }
    setTimeout(() => setCopied(""), 2500);
  };

  return (
    <>
      <a href="#main" className="skip">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <h1>infersim</h1>
          <p className="tagline">Which silicon should serve which LLM workload, how fast, and at what cost?</p>
        </div>
        <nav aria-label="Views" className="tabs">
          {VIEWS.map((v) => (
            <a
              key={v.id}
              href={"?" + writeState({ ...state, view: v.id }, custom.entries)}
              aria-current={v.id === active.id ? "page" : undefined}
              onClick={(e) => {
                if (!plainClick(e)) return;
                e.preventDefault();
                update({ view: v.id }, { push: true });
              }}
            >
              {v.label}
            </a>
          ))}
        </nav>
        <div className="share">
          <button type="button" onClick={() => void copyLink()}>
            Copy link
          </button>
          <span role="status" aria-live="polite" className="hint">
            {copied}
          </span>
        </div>
      </header>
      <main id="main" tabIndex={-1} data-view={active.id}>
        <p className="summary">{active.summary}</p>
        <Issues items={catalog.errors} title="The catalog could not be loaded:" />
        <Issues items={catalog.result?.value.customErrors ?? []} title="Some custom entries no longer parse:" />
        <View state={state} update={update} catalog={catalog.result?.value} custom={custom} />
      </main>
      <footer className="bottom">
        <p>
          Predictions from an analytical model, not measurements; intervals are p10–p90 of the calibration residuals. Everything runs in
          your browser. Custom hardware is kept in this browser (localStorage) and carried in shared links.
        </p>
      </footer>
    </>
  );
}
