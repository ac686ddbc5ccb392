// Renders small generated tables as RFC 4180 CSV text (header line, '\n' line ends, quotes only where needed).

export type CsvCell = string | number | boolean | null;

/** Quotes a field only when it holds a comma, quote or line break, doubling inner quotes; null is an empty field. */
export function csvField(value: CsvCell): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** ISO 8601 in UTC to the second ("2024-01-08T07:00:00Z"): what instruments export, and unambiguous to parse. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
