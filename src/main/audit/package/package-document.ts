// The audit package's human-readable documents (model cards, datasheets, standard reports) as one small document
// model, rendered to a self-contained HTML file and to the PDF writer's blocks, so every document reads the same in
// both and a gap a person must fill is marked the same way everywhere.
import { esc, offlineHtmlDocument } from '../../monitoring/report-format';
import type { PdfBlock } from './pdf/pdf-writer';

/** What a field that Airlock cannot fill says, in the JSON, the HTML and the PDF alike. */
export const GAP = 'to be written by a person';

/** A field's value: text, or null for a gap. */
export type FieldValue = string | null;

export interface DocTable {
  head: string[];
  rows: string[][];
}

export interface DocSection {
  heading: string;
  /** one line of what the section is for */
  lead?: string;
  fields?: [label: string, value: FieldValue][];
  table?: DocTable;
  /** shown when the table has no rows */
  empty?: string;
}

export interface PackageDocument {
  kicker: string;
  title: string;
  facts: [label: string, value: string][];
  sections: DocSection[];
}

/** Nothing may load: only the inline stylesheet applies. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export function documentHtml(doc: PackageDocument): string {
  const facts = doc.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const main = [
    `<header><p class="kicker">${esc(doc.kicker)}</p><h1>${esc(doc.title)}</h1><dl class="facts">${facts}</dl></header>`,
    ...doc.sections.map(sectionHtml),
  ].join('\n');
  return offlineHtmlDocument({ csp: CSP, title: `${doc.kicker}: ${doc.title}`, style: STYLE, main });
}

function sectionHtml(s: DocSection): string {
  const parts = [`<section><h2>${esc(s.heading)}</h2>`];
  if (s.lead) parts.push(`<p class="lead">${esc(s.lead)}</p>`);
  if (s.fields?.length) {
    parts.push(`<dl>${s.fields.map(([k, v]) => `<dt>${esc(k)}</dt><dd${v === null ? ' class="gap"' : ''}>${esc(v ?? GAP)}</dd>`).join('')}</dl>`);
  }
  if (s.table && s.table.rows.length > 0) {
    const head = s.table.head.map((h) => `<th>${esc(h)}</th>`).join('');
    const rows = s.table.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
    parts.push(`<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`);
  } else if (s.table) parts.push(`<p class="empty">${esc(s.empty ?? 'None.')}</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

const GAP_COLOR = [0.7, 0.1, 0.1] as const;
const MUTED = [0.35, 0.35, 0.35] as const;

export function documentPdfBlocks(doc: PackageDocument): PdfBlock[] {
  const blocks: PdfBlock[] = [
    { style: 'small', text: doc.kicker, color: MUTED },
    { style: 'title', text: doc.title },
    ...doc.facts.map(([k, v]): PdfBlock => ({ style: 'small', text: `${k}: ${v}` })),
  ];
  for (const s of doc.sections) {
    blocks.push({ style: 'heading', text: s.heading });
    if (s.lead) blocks.push({ style: 'small', text: s.lead, color: MUTED });
    for (const [k, v] of s.fields ?? []) blocks.push({ style: 'text', text: `${k}: ${v ?? `[${GAP}]`}`, color: v === null ? GAP_COLOR : undefined });
    if (s.table && s.table.rows.length === 0) blocks.push({ style: 'text', text: s.empty ?? 'None.', color: MUTED });
    for (const row of s.table?.rows ?? []) {
      // a table row becomes one paragraph: its first cell, then the others labelled by their column
      const [first, ...rest] = row;
      blocks.push({ style: 'text', text: `• ${first}`, indent: 1 });
      const detail = rest.map((c, i) => `${s.table!.head[i + 1]}: ${c}`).filter((t) => !t.endsWith(': ')).join('; ');
      if (detail) blocks.push({ style: 'small', text: detail, indent: 2 });
    }
  }
  return blocks;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1b1e;margin:0;background:#fff}
main{max-width:1000px;margin:0 auto;padding:24px}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:#5c5f66;margin:0}
h1{font-size:24px;margin:4px 0 12px}
h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid #dee2e6;padding-bottom:4px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}
dt{font-weight:600;color:#373a40}
dd{margin:0;white-space:pre-wrap;word-break:break-word}
dd.gap{color:#c92a2a;font-style:italic}
.lead,.empty{color:#5c5f66;margin:4px 0}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}
th,td{border:1px solid #dee2e6;padding:4px 8px;text-align:left;vertical-align:top;word-break:break-word}
th{background:#f1f3f5}
`;
