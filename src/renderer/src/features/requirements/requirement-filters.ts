// The table's filters as a pure function: class, level, status, lint findings (any, none, or one rule) and free text.
import type { RequirementTableRow } from '../../../../shared/requirements';
import type { LintRule, RequirementLintRow } from '../../../../shared/requirements-lint';

/** 'none' selects the rows without a value (unclassified, no level, no status) */
export const NONE = 'none';

export interface RequirementsFilter {
  /** a class name or NONE; null: any */
  klass: string | null;
  level: string | null;
  status: string | null;
  /** 'with' / 'without' findings, or one rule; null: any */
  lint: 'with' | 'without' | LintRule | null;
  /** matched case-insensitively against id, title and text */
  text: string;
}

export const noFilter: RequirementsFilter = { klass: null, level: null, status: null, lint: null, text: '' };

/** each requirement's rules from the lint report, for the per-rule filter */
export function rulesById(lint: readonly RequirementLintRow[]): Map<string, Set<LintRule>> {
  return new Map(lint.map((row) => [row.id, new Set(row.findings.map((f) => f.rule))]));
}

/** a chapter heading: an object with a name and no requirement text */
export const isHeading = (row: RequirementTableRow): boolean => row.text === '' && row.title !== '';

/** a person's label decides a row's class; without one, any label of the classifier's multi-label verdict does */
export function classesOf(row: RequirementTableRow): string[] {
  if (row.label !== null) return [row.label];
  return row.labels.length > 0 ? row.labels : row.class === null ? [] : [row.class];
}

function matchesValue(wanted: string | null, value: string | null): boolean {
  return wanted === null || (wanted === NONE ? value === null : value === wanted);
}

/** The rows the filter keeps, in their order. A rule filter keeps nothing until the lint report has loaded. */
export function filterRequirements(
  rows: readonly RequirementTableRow[],
  filter: RequirementsFilter,
  rules: ReadonlyMap<string, ReadonlySet<LintRule>> | null,
): RequirementTableRow[] {
  const text = filter.text.trim().toLowerCase();
  return rows.filter((row) => {
    if (filter.klass !== null) {
      const own = classesOf(row);
      if (filter.klass === NONE ? own.length > 0 : !own.includes(filter.klass)) return false;
    }
    if (!matchesValue(filter.level, row.level) || !matchesValue(filter.status, row.status)) return false;
    if (filter.lint === 'with' && row.findings === 0) return false;
    if (filter.lint === 'without' && row.findings > 0) return false;
    if (filter.lint !== null && filter.lint !== 'with' && filter.lint !== 'without' && !rules?.get(row.id)?.has(filter.lint)) return false;
    return text === '' || row.id.toLowerCase().includes(text) || row.title.toLowerCase().includes(text) || row.text.toLowerCase().includes(text);
  });
}

/** the distinct non-null values of a column, sorted, for a filter's choices */
export function valuesOf(rows: readonly RequirementTableRow[], pick: (row: RequirementTableRow) => readonly (string | null)[]): string[] {
  const values = new Set<string>();
  for (const row of rows) for (const v of pick(row)) if (v !== null) values.add(v);
  return [...values].sort((a, b) => a.localeCompare(b));
}

