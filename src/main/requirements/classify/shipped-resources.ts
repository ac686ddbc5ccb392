// Where the files shipped in resources/requirements/ are: beside the sources (CLI, tests, benchmarks run from source),
// at the repository root for the built bundle in out/, or in the packaged app's resources folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from '../../../shared/errors';

function candidates(name: string): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // set by Electron only; undefined under Node (CLI, tests)
  const packaged: string | undefined = process.resourcesPath;
  return [
    // src/main/requirements/classify/ -> the repository root
    path.resolve(here, '../../../../resources/requirements', name),
    // out/main/ or out/main/chunks/ -> the repository root
    path.resolve(here, '../../resources/requirements', name),
    path.resolve(here, '../../../resources/requirements', name),
    ...(packaged ? [path.join(packaged, 'resources', 'requirements', name)] : []),
  ];
}

/** The path of a shipped file; NOT_FOUND naming it when the installation lacks it. */
export function shippedResource(name: string): string {
  return (
    candidates(name).find((p) => fs.existsSync(p)) ??
    fail('NOT_FOUND', `The shipped file resources/requirements/${name} is missing from this installation.`, { where: { file: name }, hint: 'Reinstall Airlock.' })
  );
}
