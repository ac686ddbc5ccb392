// A datasheet per included dataset version, in the seven sections of Gebru et al.'s "Datasheets for Datasets"
// (motivation, composition, collection process, preprocessing, uses, distribution, maintenance), filled from the
// version's profile and its lineage. The questions only the dataset's owners can answer are marked as gaps.
import type { DatasetProfile } from '../../../shared/domain';
import type { LineageEdge } from '../../../shared/lineage';
import { count, num, percent } from '../../monitoring/report-format';
import type { VersionRecord } from '../../store/datasets-repo';
import { GAP, type FieldValue, type PackageDocument } from './package-document';

type Gap = typeof GAP;

export interface DatasheetColumn {
  name: string;
  type: string;
  missing: number;
  distinct: number;
  range: string;
}

/** The datasheet as JSON: each section's answers; a string holds GAP where a person must write it. */
export interface Datasheet {
  dataset: string;
  version: number;
  sha256: string;
  motivation: { purpose: Gap; creators: Gap; funding: Gap };
  composition: { instances: number; columns: DatasheetColumn[]; sensitive_data: Gap; missing_values: string };
  collection_process: { source: string; format: string; bytes: number; imported_at: string; how_collected: Gap };
  preprocessing: { derived_from: string[]; cleaning_and_labeling: Gap };
  uses: { trained: string[]; evaluated: string[]; monitored: string[]; other_uses: Gap; unsuitable_uses: Gap };
  distribution: { license: Gap; shared_with: Gap };
  maintenance: { versions: number[]; newest: number; maintainer: Gap; update_policy: Gap };
}

/**
 * `edges` are the version's lineage edges (its own, either direction); `versions` every version of its dataset.
 * Uses come from the edges: a run it trained, an evaluation or drift report it took part in.
 */
export function datasheet(version: VersionRecord, profile: DatasetProfile, edges: readonly LineageEdge[], versions: readonly number[]): Datasheet {
  const self = `${version.dataset}@${version.version}`;
  const from = (relations: readonly string[]): string[] => [...new Set(edges.filter((e) => e.from.id === self && relations.includes(e.relation)).map((e) => `${e.to.kind} ${e.to.id}`))];
  const missing = profile.columns.reduce((n, c) => n + c.nulls, 0);
  const cells = profile.rows * profile.columns.length;
  return {
    dataset: version.dataset,
    version: version.version,
    sha256: version.hash,
    motivation: { purpose: GAP, creators: GAP, funding: GAP },
    composition: {
      instances: profile.rows,
      columns: profile.columns.map((c) => ({ name: c.name, type: c.type, missing: c.nulls, distinct: c.distinct, range: rangeOf(c.min, c.max, c.mean) })),
      sensitive_data: GAP,
      missing_values: `${count(missing)} of ${count(cells)} cells (${percent(cells === 0 ? 0 : missing / cells)})`,
    },
    collection_process: { source: version.sourceName, format: version.sourceFormat, bytes: version.sourceBytes, imported_at: version.createdAt, how_collected: GAP },
    preprocessing: { derived_from: [...new Set(edges.filter((e) => e.to.id === self && e.from.kind === 'dataset_version').map((e) => e.from.id))], cleaning_and_labeling: GAP },
    uses: {
      trained: from(['trained', 'studied']),
      evaluated: from(['evaluated_on', 'scored_from', 'scored']),
      monitored: from(['reference_of', 'current_of']),
      other_uses: GAP,
      unsuitable_uses: GAP,
    },
    distribution: { license: GAP, shared_with: GAP },
    maintenance: { versions: [...versions], newest: Math.max(version.version, ...versions), maintainer: GAP, update_policy: GAP },
  };
}

function rangeOf(min: number | string | undefined, max: number | string | undefined, mean: number | undefined): string {
  if (min === undefined || max === undefined) return '';
  const show = (v: number | string): string => (typeof v === 'number' ? num(v) : v);
  return `${show(min)} to ${show(max)}${mean === undefined ? '' : `, mean ${num(mean)}`}`;
}

const gap = (): FieldValue => null;
const list = (items: readonly string[], none: string): string => (items.length === 0 ? none : items.join(', '));

export function datasheetDocument(d: Datasheet): PackageDocument {
  return {
    kicker: 'Datasheet',
    title: `${d.dataset}@${d.version}`,
    facts: [
      ['Content SHA-256', d.sha256],
      ['Rows', count(d.composition.instances)],
      ['Columns', count(d.composition.columns.length)],
    ],
    sections: [
      { heading: '1. Motivation', fields: [['Why it was created', gap()], ['Who created it', gap()], ['Funding', gap()]] },
      {
        heading: '2. Composition',
        fields: [['Instances', count(d.composition.instances)], ['Missing values', d.composition.missing_values], ['Sensitive or personal data', gap()]],
        table: { head: ['Column', 'Type', 'Missing', 'Distinct', 'Range'], rows: d.composition.columns.map((c) => [c.name, c.type, count(c.missing), count(c.distinct), c.range]) },
      },
      {
        heading: '3. Collection process',
        fields: [
          ['Source file', `${d.collection_process.source} (${d.collection_process.format}, ${count(d.collection_process.bytes)} bytes)`],
          ['Imported', d.collection_process.imported_at],
          ['How the data was collected', gap()],
        ],
      },
      { heading: '4. Preprocessing, cleaning, labelling', fields: [['Derived from', list(d.preprocessing.derived_from, 'no other dataset version')], ['Cleaning and labelling', gap()]] },
      {
        heading: '5. Uses',
        fields: [
          ['Trained', list(d.uses.trained, 'no run')],
          ['Evaluated', list(d.uses.evaluated, 'no evaluation')],
          ['Monitored', list(d.uses.monitored, 'no drift report')],
          ['Other uses', gap()],
          ['Uses it is not suited for', gap()],
        ],
      },
      { heading: '6. Distribution', fields: [['Licence', gap()], ['Shared with', gap()]] },
      {
        heading: '7. Maintenance',
        fields: [['Versions', d.maintenance.versions.join(', ')], ['Newest version', String(d.maintenance.newest)], ['Maintainer', gap()], ['Update policy', gap()]],
      },
    ],
  };
}
