import { describe, expect, it } from 'vitest';
import type { RequirementTableRow } from '../../../../shared/requirements';
import type { RequirementLintRow } from '../../../../shared/requirements-lint';
import { filterRequirements, noFilter, NONE, rulesById, valuesOf } from './requirement-filters';

function row(id: string, fields: Partial<RequirementTableRow>): RequirementTableRow {
  return {
    id,
    title: '',
    text: `text of ${id}`,
    level: null,
    parent: null,
    document: 'SRS',
    status: null,
    owner: null,
    revision: 1,
    class: null,
    confidence: null,
    labels: [],
    label: null,
    lintScore: 1,
    findings: 0,
    ears: 'ubiquitous',
    depth: 0,
    xhtml: null,
    ...fields,
  };
}

const rows = [
  row('R1', { class: 'safety', labels: ['safety', 'performance'], level: 'system', status: 'approved', findings: 2, text: 'The pump shall stop quickly.' }),
  row('R2', { class: 'functional', labels: ['functional'], label: 'usability', level: 'software', title: 'Login screen' }),
  row('R3', { level: 'software', status: 'draft', findings: 1 }),
];
const ids = (kept: RequirementTableRow[]) => kept.map((r) => r.id);

describe('filterRequirements', () => {
  it('keeps every row without a filter', () => {
    expect(ids(filterRequirements(rows, noFilter, null))).toEqual(['R1', 'R2', 'R3']);
  });

  it('matches a class among the multi-label verdict, and a person’s label over the classifier’s', () => {
    expect(ids(filterRequirements(rows, { ...noFilter, klass: 'performance' }, null))).toEqual(['R1']);
    expect(ids(filterRequirements(rows, { ...noFilter, klass: 'functional' }, null))).toEqual([]);
    expect(ids(filterRequirements(rows, { ...noFilter, klass: 'usability' }, null))).toEqual(['R2']);
    expect(ids(filterRequirements(rows, { ...noFilter, klass: NONE }, null))).toEqual(['R3']);
  });

  it('filters by level and status, NONE picking the rows without one', () => {
    expect(ids(filterRequirements(rows, { ...noFilter, level: 'software' }, null))).toEqual(['R2', 'R3']);
    expect(ids(filterRequirements(rows, { ...noFilter, status: NONE }, null))).toEqual(['R2']);
  });

  it('filters by having findings, having none, or one rule from the lint report', () => {
    expect(ids(filterRequirements(rows, { ...noFilter, lint: 'with' }, null))).toEqual(['R1', 'R3']);
    expect(ids(filterRequirements(rows, { ...noFilter, lint: 'without' }, null))).toEqual(['R2']);
    const lint: RequirementLintRow[] = [
      { id: 'R1', document: 'SRS', score: 0.8, ears: { pattern: 'ubiquitous' }, findings: [{ start: 20, end: 27, text: 'quickly', rule: 'ambiguous-term', why: '', suggestion: '' }] },
      { id: 'R3', document: 'SRS', score: 0.9, ears: { pattern: 'none' }, findings: [{ start: 0, end: 3, text: 'all', rule: 'universal-quantifier', why: '', suggestion: '' }] },
    ];
    expect(ids(filterRequirements(rows, { ...noFilter, lint: 'ambiguous-term' }, rulesById(lint)))).toEqual(['R1']);
    expect(ids(filterRequirements(rows, { ...noFilter, lint: 'ambiguous-term' }, null))).toEqual([]);
  });

  it('matches free text in the id, title or text, ignoring case', () => {
    expect(ids(filterRequirements(rows, { ...noFilter, text: 'QUICKLY' }, null))).toEqual(['R1']);
    expect(ids(filterRequirements(rows, { ...noFilter, text: 'login' }, null))).toEqual(['R2']);
    expect(ids(filterRequirements(rows, { ...noFilter, text: 'r3' }, null))).toEqual(['R3']);
  });

  it('combines filters', () => {
    expect(ids(filterRequirements(rows, { ...noFilter, level: 'software', lint: 'with' }, null))).toEqual(['R3']);
  });
});

describe('valuesOf', () => {
  it('lists the distinct values of a column, sorted, without nulls', () => {
    expect(valuesOf(rows, (r) => [r.status])).toEqual(['approved', 'draft']);
    expect(valuesOf(rows, (r) => r.labels)).toEqual(['functional', 'performance', 'safety']);
  });
});
