// Text for the HTML reports (drift report, trace matrix): the self-contained document around them, escaping of every
// dataset-provided string, and numbers written the same way everywhere.

/**
 * One self-contained HTML file: a Content-Security-Policy that lets it load what `csp` allows and nothing else, no
 * referrer, an inline stylesheet, the body sections inside <main>, and at most one inline script (the policy must
 * pin it by hash). `title` is escaped here; `main` and `script` must be escaped by the caller.
 */
export function offlineHtmlDocument({ csp, title, style, main, script }: { csp: string; title: string; style: string; main: string; script?: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Airlock">
<title>${esc(clip(title, 200))}</title>
<style>${style}</style>
</head>
<body>
<main>
${main}
</main>
${script === undefined ? '' : `<script>${script}</script>\n`}</body>
</html>
`;
}

/** Text safe inside HTML and SVG, as element content and as a quoted attribute value. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * At most `max` characters (code points, so a surrogate pair is never split). A longer text keeps its start and its
 * end around an ellipsis: column names often share a prefix and differ at the end (sensor_a_temperature,
 * sensor_a_pressure). Line breaks and other control characters become spaces so a name cannot break a label or a
 * table row. Escape the result.
 */
export function clip(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  const points = Array.from(flat);
  if (points.length <= max) return flat;
  const head = Math.ceil((max - 1) * 0.6);
  const tail = max - 1 - head;
  return `${points.slice(0, head).join('')}…${tail > 0 ? points.slice(-tail).join('') : ''}`;
}

/** A figure with 4 significant digits; very large or small ones in exponent form; null and NaN as a dash. */
export function num(x: number | null, digits = 4): string {
  if (x === null || Number.isNaN(x)) return '–';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-3) return x.toExponential(Math.max(0, digits - 2)).replace('e+', 'e');
  return String(Number(x.toPrecision(digits)));
}

/** A p-value: a computed 0 means it fell below what a double holds, not that it is exactly zero. */
export function pValue(p: number | null): string {
  if (p === 0) return '< 1e-300';
  return num(p);
}

/** A share as a percentage: one decimal, or two significant digits below 0.1% so a small non-zero share never reads 0.0%. */
export function percent(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const pct = x * 100;
  if (pct === 0) return '0%';
  if (Math.abs(pct) < 0.1) return `${String(Number(pct.toPrecision(2)))}%`;
  return `${pct.toFixed(1)}%`;
}

/** A count with thousands separators, written the same on every machine (no locale). */
export function count(n: number): string {
  if (!Number.isFinite(n)) return num(n);
  const [whole, frac] = String(Math.abs(n)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '−' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** "1 column", "3 columns". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
