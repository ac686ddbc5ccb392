// The slice of plotly.js the renderer uses; the dist bundle ships without types.
declare module 'plotly.js-dist-min' {
  export type PlotTrace = Record<string, unknown>;
  export type PlotLayout = Record<string, unknown>;
  export type PlotConfig = Record<string, unknown>;
  interface PlotlyStatic {
    react(root: HTMLElement, data: PlotTrace[], layout?: PlotLayout, config?: PlotConfig): Promise<HTMLElement>;
    purge(root: HTMLElement): void;
  }
  const Plotly: PlotlyStatic;
  export default Plotly;
}
