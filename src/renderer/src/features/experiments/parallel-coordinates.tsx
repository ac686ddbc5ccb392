// Parallel coordinates a person can read and brush: SVG drawn by React, labels laid out so none overprint, a brush per axis.
// Not plotly's parcoords: that trace generates its WebGL code with `new Function`, which our Content-Security-Policy
// (no 'unsafe-eval') refuses; and a few hundred SVG lines are all a comparison or a study needs.
import { Button, Card, Group, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useMemo, useRef, type PointerEvent, type ReactNode } from 'react';
import { fitText, layoutLabels, viridis, type Axis, type Brushes } from './parallel-axes';
import { ChartTitle } from './chart-card';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_FONT = `600 10px ${FONT}`;
const TICK_FONT = `9px ${FONT}`;
const ROW_HEIGHT = 13;
/** a drag shorter than this (px) is a click, which clears the axis's brush, as in Optuna's and MLflow's plots */
const CLICK_PX = 3;

/** text widths as Chromium will draw them, from a canvas set to the same font */
function textMeasure(font: string): (text: string) => number {
  const context = document.createElement('canvas').getContext('2d');
  // no 2D canvas (Chromium always has one): a rough average width keeps the layout going
  if (!context) return (text) => text.length * 6;
  context.font = font;
  return (text) => context.measureText(text).width;
}

export interface ParallelCoordinatesProps {
  title: ReactNode;
  /** controls at the right of the title (the metric select) */
  actions?: ReactNode;
  testId: string;
  height: number;
  /** drawn left to right */
  axes: Axis[];
  /** the tooltip of each axis label: its full name and why it stands where it does */
  hints: string[];
  /** each run's colour position, 1 = best (bright); null: no metric (grey) */
  goodness: (number | null)[];
  /** each run's name, shown when its line is hovered */
  names: string[];
  /** what the lines are, for "N of M runs" */
  noun: string;
  brushes: Brushes;
  /** which runs the brushes keep (see brushedMask) */
  kept: boolean[];
  /** every move of a drag, then once more with `settled` when the pointer is let go (or Clear is pressed) */
  onBrushes: (brushes: Brushes, settled: boolean) => void;
  empty: string;
}

export function ParallelCoordinates(props: ParallelCoordinatesProps) {
  const { title, actions, testId, height, axes, brushes, kept, onBrushes, noun } = props;
  const { ref, width } = useElementSize();
  const brushed = axes.some((a) => brushes[a.key]);
  const shown = kept.filter(Boolean).length;
  return (
    <Card withBorder padding="xs" data-testid={`${testId}-card`}>
      <ChartTitle title={title} actions={actions} mb={2} />
      <Group gap="xs" wrap="nowrap" mih={22}>
        <Text size="xs" c="dimmed" data-testid={`${testId}-count`}>
          {shown} of {kept.length} {noun}
          {!brushed && props.goodness.some((g) => g !== null) && ` · bright lines are the better ${noun}`}
          {!brushed && axes.length > 0 && ' · drag along an axis to filter, click it to clear'}
        </Text>
        {brushed && (
          <Button size="compact-xs" variant="light" onClick={() => onBrushes({}, true)} data-testid={`${testId}-clear`}>
            Clear
          </Button>
        )}
      </Group>
      <div ref={ref} style={{ width: '100%', minHeight: height }}>
        {axes.length === 0 ? (
          <Text size="sm" c="dimmed" pt="md" ta="center" data-testid={`${testId}-empty`}>
            {props.empty}
          </Text>
        ) : (
          width > 0 && <ParallelSvg {...props} width={Math.floor(width)} />
        )}
      </div>
    </Card>
  );
}

/** the height on screen of a place on an axis (0 bottom, 1 top) */
const yAt = (at: number, top: number, bottom: number) => bottom - at * (bottom - top);

/** filtered-out runs pale grey, runs without the metric mid grey, the rest on viridis (bright = better) */
const lineColor = (kept: boolean, goodness: number | null) => (!kept ? '#dee2e6' : goodness === null ? '#adb5bd' : viridis(goodness));

interface Drag {
  key: string;
  /** where the drag began, on the axis's 0..1 scale */
  from: number;
  /** the farthest the pointer moved from there, in px, to tell a click from a drag */
  moved: number;
}

function ParallelSvg({ axes, hints, goodness, names, noun, brushes, kept, onBrushes, height, width, testId }: ParallelCoordinatesProps & { width: number }) {
  const measures = useMemo(() => ({ label: textMeasure(LABEL_FONT), tick: textMeasure(TICK_FONT) }), []);
  const layout = useMemo(() => layoutLabels(axes.map((a) => a.key), width, measures.label), [axes, width, measures]);
  const top = layout.rowCount * ROW_HEIGHT + 14;
  const bottom = height - 10;
  const yOf = (at: number) => yAt(at, top, bottom);
  const spacing = axes.length > 1 ? layout.xs[1] - layout.xs[0] : width;
  const drag = useRef<Drag | null>(null);

  // grey lines (filtered out) first, then the kept ones from worst to best, so the best lie on top
  const order = useMemo(
    () => goodness.map((_, r) => r).sort((a, b) => Number(kept[a]) - Number(kept[b]) || (goodness[a] ?? -1) - (goodness[b] ?? -1)),
    [goodness, kept],
  );
  const paths = useMemo(
    () =>
      goodness.map((_, r) => {
        let d = '';
        let pen = 'M';
        axes.forEach((a, i) => {
          const p = a.positions[r];
          // a run without a value on an axis leaves a gap there rather than a line to nowhere
          if (p === null) pen = 'M';
          else {
            d += `${pen}${layout.xs[i].toFixed(1)},${yAt(p, top, bottom).toFixed(1)}`;
            pen = 'L';
          }
        });
        return d;
      }),
    [axes, goodness, layout, top, bottom],
  );

  const atOf = (e: PointerEvent<SVGRectElement>) => {
    const box = e.currentTarget.ownerSVGElement?.getBoundingClientRect();
    const y = e.clientY - (box?.top ?? 0);
    return Math.min(1, Math.max(0, (bottom - y) / (bottom - top)));
  };
  const onDown = (key: string) => (e: PointerEvent<SVGRectElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { key, from: atOf(e), moved: 0 };
  };
  const onMove = (e: PointerEvent<SVGRectElement>) => {
    const current = drag.current;
    if (!current) return;
    const at = atOf(e);
    current.moved = Math.max(current.moved, Math.abs(at - current.from) * (bottom - top));
    if (current.moved >= CLICK_PX) onBrushes({ ...brushes, [current.key]: [Math.min(current.from, at), Math.max(current.from, at)] }, false);
  };
  const onUp = () => {
    const current = drag.current;
    drag.current = null;
    if (!current) return;
    onBrushes(current.moved < CLICK_PX ? Object.fromEntries(Object.entries(brushes).filter(([k]) => k !== current.key)) : brushes, true);
  };

  return (
    <svg width={width} height={height} style={{ fontFamily: FONT, display: 'block', userSelect: 'none' }} data-testid={testId}>
      {/* the classes match plotly's, so the charts' e2e probe (".scatterlayer .trace") counts these lines as it does plotly's */}
      <g className="scatterlayer" fill="none">
        {order.map((r) => (
          <path
            key={r}
            className="trace"
            d={paths[r]}
            stroke={lineColor(kept[r], goodness[r])}
            strokeWidth={kept[r] ? 1.6 : 1}
            strokeOpacity={kept[r] ? 0.85 : 0.7}
            data-testid="parallel-line"
            data-kept={kept[r]}
          >
            <title>{names[r]}</title>
          </path>
        ))}
      </g>
      {axes.map((a, i) => {
        const x = layout.xs[i];
        const brush = brushes[a.key];
        // ticks at least 11 px apart, so a categorical axis with many levels does not stack its names
        const every = Math.max(1, Math.ceil(a.ticks.length / Math.max(1, Math.floor((bottom - top) / 11))));
        const tickRoom = Math.max(24, Math.min(spacing - 10, 90));
        return (
          <g key={a.key}>
            <line x1={x} x2={x} y1={top} y2={bottom} stroke="#495057" strokeWidth={1} />
            {a.ticks
              .filter((_, t) => t % every === 0)
              .map((t, k) => (
                // a white halo keeps a tick readable where lines cross it
                <text key={k} x={x + 4} y={yOf(t.at)} dy="0.32em" fontSize={9} fill="#868e96" stroke="#fff" strokeWidth={3} paintOrder="stroke" data-testid="parallel-tick">
                  {fitText(t.text, tickRoom, measures.tick)}
                </text>
              ))}
            <text x={x} y={ROW_HEIGHT * (layout.rows[i] + 1) - 2} textAnchor="middle" fontSize={10} fontWeight={600} fill="#212529" data-testid="parallel-label" data-key={a.key}>
              <title>{hints[i]}</title>
              {layout.texts[i]}
            </text>
            {brush && (
              <rect
                x={x - 7}
                width={14}
                y={yOf(brush[1])}
                height={Math.max(1, yOf(brush[0]) - yOf(brush[1]))}
                fill="rgba(76, 110, 245, 0.2)"
                stroke="#4c6ef5"
                pointerEvents="none"
                data-testid="parallel-brush"
                data-key={a.key}
              />
            )}
            <rect
              x={x - 12}
              width={24}
              y={top - 4}
              height={bottom - top + 8}
              fill="transparent"
              style={{ cursor: 'ns-resize', touchAction: 'none' }}
              onPointerDown={onDown(a.key)}
              onPointerMove={onMove}
              onPointerUp={onUp}
              onPointerCancel={onUp}
              data-testid="parallel-axis"
              data-key={a.key}
            >
              <title>{`${hints[i]}\nDrag along the axis to keep only the ${noun} in a range; click it to clear.`}</title>
            </rect>
          </g>
        );
      })}
    </svg>
  );
}
