// Where the shipped clause checklists (resources/standards/) are: beside the sources (CLI, tests), at the repository
// root for the built bundle in out/, or in the packaged app's resources folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from '../../../shared/errors';

export function standardsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // set by Electron only; undefined under Node (CLI, tests)
  const packaged: string | undefined = process.resourcesPath;
  const candidates = [
    // src/main/trace/clauses/ -> the repository root
    path.resolve(here, '../../../../resources/standards'),
    // out/main/ or out/main/chunks/ -> the repository root
    path.resolve(here, '../../resources/standards'),
    path.resolve(here, '../../../resources/standards'),
    ...(packaged ? [path.join(packaged, 'resources', 'standards')] : []),
  ];
  return (
    candidates.find((p) => fs.existsSync(p) && fs.statSync(p).isDirectory()) ??
    fail('NOT_FOUND', 'The shipped folder resources/standards is missing from this installation.', { where: { file: 'resources/standards' }, hint: 'Reinstall Airlock.' })
  );
}
