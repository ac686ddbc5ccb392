// A column's distribution as a small plotly chart: bins for numbers and dates, top values for the rest.
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import type { PlotLayout, PlotTrace } from 'plotly.js-dist-min';
import type { ColumnProfile } from '../../../../shared/domain';
import { Plot } from '../../components/plot';

const BAR_COLOR = '#5c7cfa';
const TOP_COLOR = '#20c997';
const axis = { showgrid: false, zeroline: false, fixedrange: true, ticklen: 2, tickfont: { size: 9 }, automargin: true };

function traceFor(column: ColumnProfile): { data: PlotTrace[]; layout: PlotLayout } | null {
  const h = column.histogram;
  if (h && h.counts.length > 0) {
    const isDate = column.type === 'datetime';
    const toX = (v: number) => (isDate ? new Date(v).toISOString() : v);
    const x = h.counts.map((_, i) => toX((h.edges[i] + h.edges[i + 1]) / 2));
    const width = h.counts.map((_, i) => h.edges[i + 1] - h.edges[i]);
    const text = h.counts.map((_, i) => `${toX(h.edges[i])} – ${toX(h.edges[i + 1])}`);
    return {
      data: [{ type: 'bar', x, y: h.counts, width, text, marker: { color: BAR_COLOR }, hovertemplate: '%{text}<br>%{y} rows<extra></extra>', textposition: 'none' }],
      layout: { xaxis: { ...axis, type: isDate ? 'date' : 'linear', nticks: 4 }, yaxis: { ...axis, visible: false } },
    };
  }
  if (column.top && column.top.length > 0) {
    // the most frequent values, most frequent on top, labelled: a category chart without names says nothing
    const top = column.top.slice(0, 4).reverse();
    const label = (v: string) => (v.length > 14 ? `${v.slice(0, 13)}…` : v);
    return {
      data: [
        {
          type: 'bar',
          orientation: 'h',
          y: top.map((t) => label(t.value)),
          x: top.map((t) => t.count),
          customdata: top.map((t) => t.value),
          marker: { color: TOP_COLOR },
          hovertemplate: '%{customdata}<br>%{x} rows<extra></extra>',
        },
      ],
      layout: {
        xaxis: { ...axis, visible: false },
        yaxis: { ...axis, type: 'category', ticklen: 0 },
        margin: { l: 4, r: 4, t: 2, b: 2 },
        bargap: 0.18,
      },
    };
  }
  return null;
}

export function ColumnHistogram({ column, width, height }: { column: ColumnProfile; width: number; height: number }) {
  const plot = useMemo(() => traceFor(column), [column]);
  if (column.type === 'text' && (column.top?.[0]?.count ?? 0) <= 1) {
    return (
      <Text size="xs" c="dimmed" px={4}>
        every value distinct
      </Text>
    );
  }
  if (!plot) return null;
  return <Plot data={plot.data} layout={plot.layout} width={width} height={height} testId="column-histogram" />;
}
