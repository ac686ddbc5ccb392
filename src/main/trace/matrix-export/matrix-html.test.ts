import { describe, expect, it } from 'vitest';
import { esc } from '../../monitoring/report-format';
import { MATRIX_HTML_CSP, matrixHtml } from './matrix-html';
import { HOSTILE, sampleMatrix } from './test-matrix';

/** Every start tag in the document: text is escaped, so a '<' in data can never open one. */
const tags = (html: string): string[] => html.match(/<[a-zA-Z][^>]*>/g) ?? [];
/** The part of the document between an element with this id and the next section. */
const section = (html: string, id: string): string => html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));

describe('matrixHtml', () => {
  it('loads nothing: a policy that forbids every load, no script, and no link but to its own sections', () => {
    const html = matrixHtml(sampleMatrix());
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${MATRIX_HTML_CSP}">`);
    expect(MATRIX_HTML_CSP).toMatch(/^default-src 'none';/);
    const names = new Set(tags(html).map((t) => /^<([a-zA-Z0-9]+)/.exec(t)?.[1].toLowerCase()));
    for (const banned of ['script', 'link', 'img', 'iframe', 'object', 'embed', 'base', 'form', 'svg']) expect(names.has(banned), banned).toBe(false);
    for (const tag of tags(html)) {
      // attribute names only: a quoted value is escaped data and may say anything
      expect(tag.replace(/="[^"]*"/g, '=""'), tag).not.toMatch(/\s(src|srcset|action|data|on[a-z]+)=/i);
      for (const href of tag.matchAll(/\shref="([^"]*)"/g)) expect(href[1]).toMatch(/^#[a-z]+$/);
    }
    expect(html).not.toMatch(/url\(|@import/);
  });

  it('escapes a malicious requirement title, label and class wherever they appear, so none becomes markup', () => {
    const html = matrixHtml(sampleMatrix());
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain(esc(HOSTILE.script));
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<title>Trace matrix: Assay triage &lt;v2&gt; &amp; &quot;friends&quot;</title>');
    // a requirement's title appears in the backward view's badge tooltip too, escaped as an attribute
    expect(html).toContain(`title="${esc(HOSTILE.formula)}"`);
    expect(html).toContain(esc(HOSTILE.at));
    // line breaks and control characters become spaces: a title cannot break a table row
    expect(html).toContain(esc('+1, "quoted", and a line  break'));
    expect(html).toContain('bell  and nul  inside');
    expect(html).not.toMatch(/[\u0000\u0007]/);
  });

  it('shows each requirement with its links in the forward view, statuses in words, and says when it has none', () => {
    const forward = section(matrixHtml(sampleMatrix()), 'forward');
    const row = (id: string): string => forward.slice(forward.indexOf(`<code>${esc(id)}</code>`), forward.indexOf('</tr>', forward.indexOf(`<code>${esc(id)}</code>`)));
    expect(row('ML-1')).toContain('<span class="l failing" title="churn@2 (production)">evaluated-by (failing) <span class="k">model version</span> <code>churn@2</code></span>');
    expect(row('ML-1')).toContain('<span class="l suspect">derived-from (suspect) <span class="k">requirement</span> <code>SYS-1</code></span>');
    expect(row('SYS-1')).toContain('no link');
    expect(forward).toContain('<td class="id d3"><code>=ML-3</code>');
    expect(forward).toContain('<td class="id d0"><code>SYS-1</code>');
    expect(forward.match(/<tr>/g)).toHaveLength(1 + sampleMatrix().rows.length);
  });

  it('groups artifacts by kind in the backward view with the requirements each traces to, and lists the uncovered report', () => {
    const html = matrixHtml(sampleMatrix());
    const backward = section(html, 'backward');
    expect([...backward.matchAll(/<h3>([^<]+) <span class="muted">\((\d+)\)/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['requirement 1', 'dataset version 2', 'run 1', 'model version 1', 'drift report 1', 'evaluation 1']);
    expect(backward).toMatch(/<code>assays@4<\/code><\/td><td>assays@4<\/td><td><span class="muted">not linked<\/span>/);
    // every link in this view points at a requirement, so its badges do not say so
    expect(backward).toContain('<span class="l ok" title="Latency on the edge device 🚀">satisfies <code>SW-2</code></span>');
    expect(backward).not.toContain('<span class="k">');
    const uncovered = section(html, 'uncovered');
    expect(uncovered).toContain('Requirements without ok verifying evidence <span class="muted">(5 requirements)</span>');
    expect(uncovered).toContain('verifying links, none ok: 1 suspect, 1 no-evidence');
    expect(uncovered).toContain('Artifacts no requirement links to <span class="muted">(1 artifact)</span>');
  });

  it('says so when every requirement is covered and every artifact linked', () => {
    const m = sampleMatrix();
    const covered = { ...m, columns: m.columns.slice(0, 1), cells: m.rows.map((_, row) => ({ row, column: 0, linkType: 'verifies' as const, status: 'ok' as const })) };
    const uncovered = section(matrixHtml(covered), 'uncovered');
    expect(uncovered).toContain('Every requirement has ok verifying evidence.');
    expect(uncovered).toContain('Every artifact is linked.');
  });
});
