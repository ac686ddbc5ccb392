// The trace matrix as one self-contained HTML file: forward (requirement -> evidence) and backward (artifact ->
// requirements) views and the uncovered report, inline CSS, no script, and a policy that lets it load nothing.
import { TRACE_LINK_STATUSES, type TraceMatrix, type TraceMatrixCell } from '../../../shared/trace-matrix';
import { clip, count, esc, offlineHtmlDocument, plural } from '../../monitoring/report-format';
import { indexMatrix, kindName, linkText, STATUS_FILLS, statusCounts, type MatrixIndex } from './matrix-index';
import { uncoveredReport } from './uncovered-report';

/** Nothing may load: no script, image, font, frame or connection; only the inline stylesheet applies. */
export const MATRIX_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
/** Indentation steps shown for hierarchy depth, as in the spreadsheet. */
const MAX_INDENT = 8;

/**
 * Links are listed in each row rather than drawn as a rows x columns grid: 20,000 requirements by 2,000 artifacts
 * would be 40 million table cells, while the lists grow with the links. Every string from the project (ids, titles,
 * labels, classes) is escaped; line breaks and control characters in them become spaces.
 */
export function matrixHtml(matrix: TraceMatrix): string {
  const index = indexMatrix(matrix);
  return offlineHtmlDocument({
    csp: MATRIX_HTML_CSP,
    title: `Trace matrix: ${matrix.title}`,
    style: STYLE,
    main: [header(index), forward(index), backward(index), uncovered(matrix, index)].join('\n'),
  });
}

function header(index: MatrixIndex): string {
  const { matrix } = index;
  const counts = statusCounts(matrix.cells);
  const artifacts = matrix.columns.filter((c) => c.kind !== 'requirement').length;
  const facts = [
    ['Created', esc(matrix.createdAt)],
    ['Requirements', count(matrix.rows.length)],
    ['Artifacts', count(artifacts)],
    ['Links', count(matrix.cells.length)],
  ];
  const legend = TRACE_LINK_STATUSES.map((s) => `<span class="l ${s}">${esc(s)} ${count(counts[s])}</span>`).join(' ');
  return `<header>
<p class="kicker">Airlock trace matrix</p>
<h1>${esc(clip(matrix.title, 200))}</h1>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
<p class="legend">Links by status: ${legend}</p>
<nav><a href="#forward">Forward</a> · <a href="#backward">Backward</a> · <a href="#uncovered">Uncovered</a></nav>
</header>`;
}

/**
 * A link as a badge: its type and status, and what it points at (with its kind where the view mixes kinds); the
 * colour repeats the status, never replaces it.
 */
function badge(link: TraceMatrixCell, kind: string | null, id: string, label: string): string {
  const title = label !== id ? ` title="${esc(clip(label, 200))}"` : '';
  return `<span class="l ${link.status}"${title}>${esc(linkText(link))} ${kind === null ? '' : `<span class="k">${esc(kind)}</span> `}<code>${esc(clip(id, 120))}</code></span>`;
}

function forward(index: MatrixIndex): string {
  const { matrix } = index;
  const rows = matrix.rows.map((row, r) => {
    const links = index.byRow[r].map((l) => {
      const c = matrix.columns[l.column];
      return badge(l, kindName(c.kind), c.id, c.label);
    });
    const depth = Math.min(Math.max(0, row.depth), MAX_INDENT);
    return `<tr><td class="id d${depth}"><code>${esc(clip(row.id, 120))}</code></td><td>${esc(clip(row.title, 300))}</td><td class="nw">${esc(row.level ?? '')}</td><td>${esc(clip(row.class ?? '', 60))}</td><td>${links.length > 0 ? links.join(' ') : '<span class="muted">no link</span>'}</td></tr>`;
  });
  return `<section id="forward"><h2>Forward: each requirement and what traces to it</h2>
<table><thead><tr><th>Requirement</th><th>Title</th><th>Level</th><th>Class</th><th>Links</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

function backward(index: MatrixIndex): string {
  const { matrix } = index;
  const groups = index.groups.map((g) => {
    const rows = g.columns.map((c) => {
      const column = matrix.columns[c];
      const links = index.byColumn[c].map((l) => badge(l, null, matrix.rows[l.row].id, matrix.rows[l.row].title));
      return `<tr><td class="id"><code>${esc(clip(column.id, 120))}</code></td><td>${esc(clip(column.label, 200))}</td><td>${links.length > 0 ? links.join(' ') : '<span class="muted">not linked</span>'}</td></tr>`;
    });
    return `<h3>${esc(kindName(g.kind))} <span class="muted">(${count(g.columns.length)})</span></h3>
<table class="back"><thead><tr><th>ID</th><th>Label</th><th>Linked requirements</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
  });
  return `<section id="backward"><h2>Backward: each artifact and the requirements it traces to</h2>
${groups.length > 0 ? groups.join('\n') : '<p class="muted">No artifacts.</p>'}
</section>`;
}

function uncovered(matrix: TraceMatrix, index: MatrixIndex): string {
  const report = uncoveredReport(matrix, index);
  const reqs = report.requirements.map(
    (r) => `<tr><td class="id"><code>${esc(clip(r.id, 120))}</code></td><td>${esc(clip(r.title, 300))}</td><td class="nw">${esc(r.level ?? '')}</td><td>${esc(clip(r.class ?? '', 60))}</td><td>${esc(r.reason)}</td></tr>`,
  );
  const arts = report.artifacts.map((a) => `<tr><td>${esc(kindName(a.kind))}</td><td class="id"><code>${esc(clip(a.id, 120))}</code></td><td>${esc(clip(a.label, 200))}</td></tr>`);
  return `<section id="uncovered"><h2>Uncovered</h2>
<h3>Requirements without ok verifying evidence <span class="muted">(${plural(reqs.length, 'requirement')})</span></h3>
${reqs.length > 0 ? `<table><thead><tr><th>Requirement</th><th>Title</th><th>Level</th><th>Class</th><th>Why</th></tr></thead><tbody>\n${reqs.join('\n')}\n</tbody></table>` : '<p>Every requirement has ok verifying evidence.</p>'}
<h3>Artifacts no requirement links to <span class="muted">(${plural(arts.length, 'artifact')})</span></h3>
${arts.length > 0 ? `<table><thead><tr><th>Kind</th><th>ID</th><th>Label</th></tr></thead><tbody>\n${arts.join('\n')}\n</tbody></table>` : '<p>Every artifact is linked.</p>'}
</section>`;
}

const STYLE = `
:root{--ink:#1a202c;--muted:#5a6473;--line:#e2e8f0}
*{box-sizing:border-box}
body{margin:0;background:#f7f8fa;color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1400px;margin:0 auto;padding:24px 28px 48px;background:#fff;min-height:100vh}
h1{font-size:26px;margin:2px 0 10px;overflow-wrap:anywhere}
h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:20px 0 6px}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
a{color:#2b6cb0;text-decoration:none}a:hover{text-decoration:underline}
.kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:11px}
.muted{color:var(--muted)}
.facts{display:flex;flex-wrap:wrap;gap:4px 28px;margin:0}.facts div{display:flex;gap:6px}.facts dt{color:var(--muted)}.facts dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:12.5px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-weight:600;color:var(--muted);position:sticky;top:0;background:#fff}
td.id,td.nw{white-space:nowrap}
.back{table-layout:fixed}.back th:nth-child(1){width:22%}.back th:nth-child(2){width:24%}
.l{display:inline-block;margin:1px 0;padding:0 6px;border-radius:4px;border:1px solid rgba(0,0,0,.12);font-size:12px;line-height:18px}
.l .k{color:var(--muted);font-size:11px}
${TRACE_LINK_STATUSES.map((s) => `.l.${s}{background:#${STATUS_FILLS[s]}}`).join('')}
${Array.from({ length: MAX_INDENT }, (_, i) => `.d${i + 1}{padding-left:${8 + (i + 1) * 14}px}`).join('')}
@media print{body{background:#fff}main{max-width:none;padding:0}th{position:static}}
`;
