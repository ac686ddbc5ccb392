// What a retraining learns from: the shipped labelled set's primary labels, the project's labels (the latest per
// requirement, on the text of the revision it was given for), and an optional CSV of the user's own (text,label).
// Each example keeps where it came from, which the stored dataset version records in its `source` column.
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '../../../shared/errors';
import type { ProjectStore } from '../../store/project-store';
import { RequirementIntelligenceRepo } from '../../store/requirement-intelligence-repo';
import { RequirementsRepo } from '../../store/requirements-repo';
import type { FeatureColumn } from '../../training/model-types';
import { classAt, csvRecords, defaultLabelledSet, type LabelledText } from './labelled-set';

export type ExampleSource = 'default' | 'correction' | 'file';

export interface TrainingExample extends LabelledText {
  source: ExampleSource;
}

/** The rows of a user's labelled CSV: a header with `text` and `label` (other columns ignored), one example per row. */
export function readLabelsCsv(content: string, fileName: string): LabelledText[] {
  const [header, ...records] = csvRecords(content, fileName);
  const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const textAt = names.indexOf('text');
  const labelAt = names.indexOf('label');
  if (textAt < 0 || labelAt < 0) {
    fail('BAD_INPUT', `${fileName} line 1: the header must name the columns text and label.`, { where: { file: fileName, line: 1, field: textAt < 0 ? 'text' : 'label' } });
  }
  if (records.length === 0) fail('BAD_INPUT', `${fileName} has no rows under its header.`, { where: { file: fileName, line: 2 } });
  return records.map(({ line, fields }) => {
    if (fields.length !== names.length) fail('BAD_INPUT', `${fileName} line ${line}: ${fields.length} fields, the header has ${names.length}.`, { where: { file: fileName, line } });
    const text = fields[textAt].trim();
    if (text === '') fail('BAD_INPUT', `${fileName} line ${line}: the text is empty.`, { where: { file: fileName, line, field: 'text' } });
    return { text, label: classAt(fields[labelAt].trim(), fileName, line, 'label') };
  });
}

/** The latest label of each requirement, on the text of the revision it was given for. */
export function projectCorrections(store: ProjectStore): LabelledText[] {
  const requirements = new RequirementsRepo(store.db);
  return [...new RequirementIntelligenceRepo(store.db).latestLabels().values()].map((l) => {
    const revision = requirements.history(l.id).find((r) => r.revision === l.revision);
    if (!revision) fail('PROJECT_CORRUPT', `The label of ${l.id} names revision ${l.revision}, which the project does not have.`, { where: { field: 'requirement_labels' } });
    return { text: revision.text, label: l.label };
  });
}

/** Every example a retraining learns from, default rows first. */
export function trainingSet(store: ProjectStore, labels?: { path: string; fileName: string }): TrainingExample[] {
  const file = labels ? readLabelsCsv(fs.readFileSync(labels.path, 'utf8'), path.basename(labels.fileName)) : [];
  const tag = (source: ExampleSource) => (e: LabelledText): TrainingExample => ({ text: e.text, label: e.label, source });
  return [...defaultLabelledSet().map(tag('default')), ...projectCorrections(store).map(tag('correction')), ...file.map(tag('file'))];
}

/** The `source` column the stored training set carries beside the frame (not a feature). */
export function sourceColumn(examples: readonly TrainingExample[]): FeatureColumn {
  return { name: 'source', kind: 'categorical', values: examples.map((e) => e.source) };
}
