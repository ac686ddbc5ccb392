// A plotly.js chart: the bundled library loads on first use and redraws in place with Plotly.react.
import { useEffect, useRef } from 'react';
import type { PlotConfig, PlotLayout, PlotTrace } from 'plotly.js-dist-min';

export interface PlotProps {
  data: PlotTrace[];
  layout: PlotLayout;
  width: number;
  height: number;
  testId?: string;
}

const loadPlotly = () => import('plotly.js-dist-min').then((m) => m.default);

const config: PlotConfig = { displayModeBar: false, responsive: false, staticPlot: false, displaylogo: false };

const baseLayout: PlotLayout = {
  margin: { l: 4, r: 4, t: 4, b: 18 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
  font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 10, color: '#495057' },
  showlegend: false,
  bargap: 0.04,
};

export function Plot({ data, layout, width, height, testId }: PlotProps) {
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    const el = root.current;
    void loadPlotly().then((Plotly) => {
      if (live && el) void Plotly.react(el, data, { ...baseLayout, width, height, ...layout }, config);
    });
    return () => {
      live = false;
    };
  }, [data, layout, width, height]);

  useEffect(() => {
    const el = root.current;
    return () => {
      if (el) void loadPlotly().then((Plotly) => Plotly.purge(el));
    };
  }, []);

  return <div ref={root} style={{ width, height }} data-testid={testId} />;
}
