// Reads the generated requirements CSV back as {id, text} in file order, with the same strict CSV reader the store uses.
import fs from 'node:fs';
import type { RequirementText } from '../../src/shared/requirements-lint';
import { parseCsvStrict } from '../../src/main/requirements/csv-strict';

export function readRequirements(file: string): RequirementText[] {
  const [header, ...records] = parseCsvStrict(fs.readFileSync(file, 'utf8'));
  const id = header.fields.indexOf('id');
  const text = header.fields.indexOf('text');
  return records.map((r) => ({ id: r.fields[id], text: r.fields[text] }));
}
