import { describe, expect, it } from 'vitest';
import { clip, count, esc, num, percent, pValue } from './report-format';
import { ecdfSvg, histogramSvg, lineChartSvg, niceTicks, severityClass, timeAxis } from './report-svg';

/** Bar heights per side, in drawing order. */
function barHeights(svg: string, side: 'reference' | 'current'): number[] {
  return [...svg.matchAll(/<rect [^>]*height="([\d.]+)"><title>(reference|current)[^<]*<\/title>/g)].filter((m) => m[2] === side).map((m) => Number(m[1]));
}

describe('report plots', () => {
  it('draws each side as shares of its own rows, so a 10-row reference and a 1,000-row current of one shape draw the same bars', () => {
    const svg = histogramSvg({ kind: 'numeric', edges: [0, 1, 2, 3], reference: [2, 6, 2], current: [200, 600, 200] }, 'x');
    expect(barHeights(svg, 'reference')).toEqual(barHeights(svg, 'current'));
    const [low, high] = barHeights(svg, 'reference');
    expect(high / low).toBeCloseTo(3, 1);
    expect(svg).toContain('<title>reference 1 to 2: 60.0%</title>');
  });

  it('draws cumulative shares from 0 to 1 at the bin edges and marks their largest gap', () => {
    const svg = ecdfSvg({ kind: 'numeric', edges: [0, 1, 2, 3], reference: [5, 5, 0], current: [0, 50, 50] }, 'x');
    const [ref, cur] = [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => [...m[1].matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((p) => Number(p[2])));
    // y grows downwards: the plot's bottom is share 0, its top share 1
    const [bottom, top] = [ref[0], ref[ref.length - 1]];
    const share = (y: number) => Number(((bottom - y) / (bottom - top)).toFixed(6));
    expect(ref.map(share)).toEqual([0, 0.5, 1, 1]);
    expect(cur.map(share)).toEqual([0, 0, 0.5, 1]);
    expect(svg).toContain('largest gap 0.5');
  });

  it('draws no bar for an empty bin and names a category the reference never has as new', () => {
    const numeric = histogramSvg({ kind: 'numeric', edges: [0, 1, 2], reference: [5, 0], current: [1, 4] }, 'x');
    expect(barHeights(numeric, 'reference')).toHaveLength(1);
    expect(barHeights(numeric, 'current')).toHaveLength(2);
    const bars = histogramSvg({ kind: 'categorical', categories: ['a', 'b', '<z>'], reference: [5, 5, 0], current: [2, 2, 6], otherReference: 3, otherCurrent: 0 }, 'c');
    expect(bars).toContain('&lt;z&gt; (new)');
    expect(bars).not.toContain('a (new)');
    expect(bars).toContain('(other categories)');
  });

  it('colours severity on one scale: pale below 1, warm from the threshold up, grey when no test ran', () => {
    expect([0, 0.3, 0.6, 0.999, 1, 1.6, 3, 4, Infinity].map(severityClass)).toEqual(['sev0', 'sev1', 'sev2', 'sev3', 'sev4', 'sev5', 'sev6', 'sev7', 'sev7']);
    expect(severityClass(null)).toBe('sev-na');
    expect(severityClass(NaN)).toBe('sev-na');
  });

  it('breaks a line at a window with no figure instead of drawing across it', () => {
    const svg = lineChartSvg(timeAxis(['a', 'b', 'c', 'd']), { label: 'l', series: [{ name: 's', colour: '#000', values: [0.1, 0.2, null, 0.4] }], yMin: 0, yMax: 1, format: percent });
    const d = svg.match(/<path d="([^"]*)"/)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(1);
    expect(svg.match(/<circle /g)).toHaveLength(3);
  });

  it('draws across missing figures for a sparse series that asks for it', () => {
    const svg = lineChartSvg(timeAxis(['a', 'b', 'c', 'd']), { label: 'l', series: [{ name: 's', colour: '#000', values: [0.1, null, 0.3, null], joinGaps: true }], yMin: 0, yMax: 1, format: percent });
    const d = svg.match(/<path d="([^"]*)"/)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(1);
    expect(d.match(/L/g)).toHaveLength(1);
  });

  it('picks round ticks that cover the range', () => {
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(-3.2, 3.9, 5)).toEqual([-2, 0, 2]);
    expect(niceTicks(5, 5, 4)).toEqual([5]);
  });
});

describe('report text', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('clips in the middle by characters, keeping both ends, without splitting a surrogate pair, and flattens line breaks', () => {
    expect(clip('ab😀cdefgh', 6)).toBe('ab😀…gh');
    expect(clip('sensor_array_temperature', 16)).toBe('sensor_ar…rature');
    expect(clip('a\nb', 10)).toBe('a b');
    expect(clip('short', 10)).toBe('short');
  });

  it('writes figures readably and the same on every machine', () => {
    expect([num(0.123456), num(1234.5678), num(0.00001234), num(12345678), num(null), num(NaN), num(Infinity)]).toEqual(['0.1235', '1235', '1.23e-5', '1.23e7', '–', '–', '∞']);
    expect([pValue(0), pValue(0.04999), pValue(3e-12)]).toEqual(['< 1e-300', '0.04999', '3.00e-12']);
    expect([percent(0.5), percent(0.0004), percent(0), percent(null)]).toEqual(['50.0%', '0.04%', '0%', '–']);
    expect([count(1234567), count(12), count(-4200)]).toEqual(['1,234,567', '12', '−4,200']);
  });
});
