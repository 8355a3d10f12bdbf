/**
 * A chart drawn by Observable Plot, sized to its container (redrawn when the container's width
 * changes, so it fits a phone), with SVG and PNG export buttons. It is drawn in the same frame as
 * the data it shows (layout effects), so tables and charts never disagree on screen.
 * @module
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { chartSvg, svgToPng } from "../export/chart-image";
import { download, downloadText, slug } from "../export/download";

/** Props of {@link Chart}. */
export interface ChartProps {
  /** Heading above the chart, also written into the exported image. */
  readonly title: string;
  /** Draw the chart at `width` CSS pixels; Plot returns an `<svg>` or a `<figure>`. */
  readonly plot: (width: number) => Element;
  /** Short text for screen readers describing what the chart shows. */
  readonly description: string;
  /** Export file name without extension (default: the title, slugged). */
  readonly filename?: string;
  /** Extra controls beside the export buttons (e.g. a CSV of the chart's data). */
  readonly actions?: ReactNode;
}

/** A titled, exportable Plot chart. */
export function Chart({ title, plot, description, filename, actions }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [error, setError] = useState("");

  // Measure and draw before the browser paints, so a chart is never a frame behind its data.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(Math.floor(el.getBoundingClientRect().width));
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 0);
      setWidth((prev) => (Math.abs(prev - w) > 8 ? w : prev));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || width <= 0) return;
    el.replaceChildren(plot(width));
  }, [plot, width]);

  const name = filename ?? slug(title);
  const svgText = () => (box.current ? chartSvg(box.current, title) : "");
  const savePng = async () => {
    try {
      download(`${name}.png`, await svgToPng(svgText()));
      setError("");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="chart" aria-label={title}>
      <div className="chart-head">
        <h3>{title}</h3>
        <div className="actions">
          {actions}
          <button type="button" onClick={() => downloadText(`${name}.svg`, svgText(), "image/svg+xml")}>
            SVG<span className="sr-only"> of {title}</span>
          </button>
          <button type="button" onClick={() => void savePng()}>
            PNG<span className="sr-only"> of {title}</span>
          </button>
        </div>
      </div>
      <p className="sr-only">{description}</p>
      <div ref={box} className="chart-body" data-chart={name} />
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
