// The shipped labelled requirements set (resources/requirements/labelled-requirements.csv: id,domain,primary,secondary,
// text), read strictly: a row that breaks it is an error naming the file, line and field, never a silently lost example.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '../../../shared/errors';
import { isRequirementClass, REQUIREMENT_CLASSES, type RequirementClass } from '../../../shared/requirements-classes';
import { parseCsvStrict } from '../csv-strict';
import { shippedResource } from './shipped-resources';

export const LABELLED_SET_FILE = 'labelled-requirements.csv';
const HEADER = ['id', 'domain', 'primary', 'secondary', 'text'];

/** A text and the class it belongs to: what the classifier trains on. */
export interface LabelledText {
  text: string;
  label: RequirementClass;
}

export interface LabelledRow extends LabelledText {
  id: string;
  domain: string;
  /** other classes the requirement also belongs to (the multi-label truth) */
  secondary: RequirementClass[];
}

/** A class name from a file, or BAD_INPUT naming the file, line and field with the classes listed. */
export function classAt(value: string, file: string, line: number, field: string): RequirementClass {
  if (isRequirementClass(value)) return value;
  return fail('BAD_INPUT', `${file} line ${line}: '${value}' in ${field} is not a requirement class; the classes are ${REQUIREMENT_CLASSES.join(', ')}.`, {
    where: { file, field, line },
  });
}

/** Strict CSV records, or BAD_INPUT naming the file and the line the parser stopped at. */
export function csvRecords(content: string, file: string): { line: number; fields: string[] }[] {
  try {
    return parseCsvStrict(content);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const line = Number(/^line (\d+)/.exec(message)?.[1] ?? 1);
    return fail('BAD_INPUT', `${file} ${message}.`, { where: { file, line } });
  }
}

export function readLabelledSet(content: string, file = LABELLED_SET_FILE): LabelledRow[] {
  const [header, ...records] = csvRecords(content, file);
  if (header === undefined || header.fields.join(',') !== HEADER.join(',')) {
    fail('BAD_INPUT', `${file} line 1: the header must be ${HEADER.join(',')}.`, { where: { file, line: 1 } });
  }
  return records.map(({ line, fields }) => {
    if (fields.length !== HEADER.length) fail('BAD_INPUT', `${file} line ${line}: ${fields.length} fields, expected ${HEADER.length}.`, { where: { file, line } });
    const [id, domain, primary, secondary, text] = fields;
    return {
      id,
      domain,
      text,
      label: classAt(primary, file, line, 'primary'),
      secondary: secondary === '' ? [] : secondary.split(';').map((s) => classAt(s, file, line, 'secondary')),
    };
  });
}

/** The shipped set's bytes: its SHA-256 names the set the default classifier was trained on. */
export function labelledSetBytes(): Buffer {
  return fs.readFileSync(shippedResource(LABELLED_SET_FILE));
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function defaultLabelledSet(): LabelledRow[] {
  return readLabelledSet(labelledSetBytes().toString('utf8'), path.join('resources', 'requirements', LABELLED_SET_FILE));
}
