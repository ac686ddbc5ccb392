// Where the files shipped in resources/ are: beside the sources (CLI, tests, benchmarks run from source), at the
// repository root for the built bundle in out/, or in the packaged app's resources folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from '../shared/errors';

/** The path of a shipped file or folder under resources/ ('requirements/x.onnx', 'standards'); NOT_FOUND naming it when the installation lacks it. */
export function shippedPath(relative: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // set by Electron only; undefined under Node (CLI, tests)
  const packaged: string | undefined = process.resourcesPath;
  const candidates = [
    // src/main/ or out/main/ -> the repository root
    path.resolve(here, '../../resources', relative),
    // out/main/chunks/ -> the repository root
    path.resolve(here, '../../../resources', relative),
    ...(packaged ? [path.join(packaged, 'resources', relative)] : []),
  ];
  return (
    candidates.find((p) => fs.existsSync(p)) ??
    fail('NOT_FOUND', `The shipped resources/${relative} is missing from this installation.`, { where: { file: `resources/${relative}` }, hint: 'Reinstall Airlock.' })
  );
}
