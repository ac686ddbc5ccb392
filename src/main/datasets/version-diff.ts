// Compares two versions of a dataset: rows added and removed (multiset of row hashes), schema changes, statistic changes.
import type { ColumnProfile, ColumnSchema, DatasetProfile, StatChange, VersionDiff } from '../../shared/domain';
import { diffSortedHashes, type SortedHashBlocks } from './row-hashes';

export interface DiffSide {
  version: number;
  columns: ColumnSchema[];
  profile: DatasetProfile;
  rowHashes: SortedHashBlocks;
}

const STATS: StatChange['stat'][] = ['nulls', 'distinct', 'min', 'max', 'mean', 'std'];

/** Floating-point sums done in a different order differ in the last bits; that is no change a person cares about. */
function same(a: number | string | undefined, b: number | string | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}

function statChanges(from: ColumnProfile, to: ColumnProfile): StatChange[] {
  return STATS.filter((s) => !same(from[s], to[s])).map((stat) => ({ column: to.name, stat, from: from[stat] ?? null, to: to[stat] ?? null }));
}

/**
 * A row is its values on the compared columns, so a row counts as changed (one removed, one added) when any of
 * them changed. `comparedOn` names those columns when they are not all of them (null: every column).
 */
export function diffVersions(dataset: string, from: DiffSide, to: DiffSide, comparedOn: string[] | null): VersionDiff {
  const { added, removed } = diffSortedHashes(from.rowHashes, to.rowHashes);
  const before = new Map(from.columns.map((c) => [c.name, c]));
  const after = new Map(to.columns.map((c) => [c.name, c]));
  const profileBefore = new Map(from.profile.columns.map((c) => [c.name, c]));
  return {
    dataset,
    from: from.version,
    to: to.version,
    rowsFrom: from.profile.rows,
    rowsTo: to.profile.rows,
    rowsAdded: added,
    rowsRemoved: removed,
    rowsComparedOn: comparedOn,
    columnsAdded: to.columns.filter((c) => !before.has(c.name)),
    columnsRemoved: from.columns.filter((c) => !after.has(c.name)),
    columnsRetyped: to.columns.filter((c) => before.has(c.name) && before.get(c.name)!.type !== c.type).map((c) => ({ name: c.name, from: before.get(c.name)!.type, to: c.type })),
    statChanges: to.profile.columns.flatMap((c) => (profileBefore.has(c.name) ? statChanges(profileBefore.get(c.name)!, c) : [])),
  };
}
