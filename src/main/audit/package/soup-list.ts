// The SOUP (software of unknown provenance) list an audit package carries: every third-party library Airlock runs
// with, its version and licence as npm's lockfile records them (development-only packages left out), and every model
// the project imported rather than trained, with its SHA-256.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fail } from '../../../shared/errors';
import type { ModelVersionInfo } from '../../../shared/models';
import type { PackageDocument } from './package-document';

export interface SoupLibrary {
  name: string;
  version: string;
  license: string;
  /** the lockfile's integrity hash (Subresource Integrity form), or null where npm recorded none */
  integrity: string | null;
  /** listed in Airlock's own package.json, rather than pulled in by another library */
  direct: boolean;
}

export interface SoupModel {
  model: string;
  sha256: string;
  author: string;
  registered: string;
}

export interface SoupList {
  application: { name: string; version: string };
  libraries: SoupLibrary[];
  models: SoupModel[];
}

const lockfile = z.object({
  name: z.string(),
  version: z.string(),
  packages: z.record(
    z.string(),
    z.object({ version: z.string().optional(), license: z.string().optional(), integrity: z.string().optional(), dev: z.boolean().optional(), dependencies: z.record(z.string(), z.string()).optional() }),
  ),
});

/** The libraries of a package-lock.json (lockfile v2 or v3) that are not development-only, sorted by name. */
export function soupLibraries(lockText: string, file: string): { application: SoupList['application']; libraries: SoupLibrary[] } {
  let json: unknown;
  try {
    json = JSON.parse(lockText);
  } catch {
    fail('BAD_INPUT', `${file} is not JSON.`, { where: { file } });
  }
  const parsed = lockfile.safeParse(json);
  if (!parsed.success) fail('BAD_INPUT', `${file} is not an npm lockfile (v2 or v3): ${parsed.error.issues[0].path.join('.')}`, { where: { file, field: 'packages' } });
  const direct = new Set(Object.keys(parsed.data.packages['']?.dependencies ?? {}));
  const byKey = new Map<string, SoupLibrary>();
  for (const [key, entry] of Object.entries(parsed.data.packages)) {
    if (key === '' || entry.dev || !entry.version) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const library = { name, version: entry.version, license: entry.license ?? 'not stated in the lockfile', integrity: entry.integrity ?? null, direct: direct.has(name) && key === `node_modules/${name}` };
    // the same version nested under two parents is one library
    byKey.set(`${name}@${entry.version}`, { ...library, direct: library.direct || (byKey.get(`${name}@${entry.version}`)?.direct ?? false) });
  }
  const libraries = [...byKey.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
  return { application: { name: parsed.data.name, version: parsed.data.version }, libraries };
}

/** The imported model versions (not trained here) among `versions`. */
export function soupModels(versions: readonly Pick<ModelVersionInfo, 'name' | 'version' | 'hash' | 'source' | 'author' | 'createdAt'>[]): SoupModel[] {
  return versions.filter((v) => v.source === 'import').map((v) => ({ model: `${v.name}@${v.version}`, sha256: v.hash, author: v.author, registered: v.createdAt }));
}

/**
 * Airlock's own package-lock.json: the nearest one above this module (the repository in development and tests, the
 * app folder when it is installed with its lockfile). NOT_FOUND when the installation does not carry it.
 */
export function airlockLockFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 8; up++) {
    const candidate = path.join(dir, 'package-lock.json');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return fail('NOT_FOUND', "Airlock's package-lock.json is missing from this installation, so the audit package's SOUP list cannot be made.", {
    where: { file: 'package-lock.json' },
    hint: 'Reinstall Airlock.',
  });
}

export function soupDocument(soup: SoupList): PackageDocument {
  return {
    kicker: 'SOUP and third-party list',
    title: `${soup.application.name} ${soup.application.version}`,
    facts: [
      ['Libraries', String(soup.libraries.length)],
      ['Imported models', String(soup.models.length)],
    ],
    sections: [
      {
        heading: 'Libraries',
        lead: "Every runtime library in Airlock's lockfile; direct ones are named in its package.json.",
        table: { head: ['Library', 'Version', 'Licence', 'Direct', 'Integrity'], rows: soup.libraries.map((l) => [l.name, l.version, l.license, l.direct ? 'yes' : 'no', l.integrity ?? '']) },
      },
      {
        heading: 'Imported models',
        table: { head: ['Model', 'SHA-256', 'Registered by', 'At'], rows: soup.models.map((m) => [m.model, m.sha256, m.author, m.registered]) },
        empty: 'Every model version included was trained in this project.',
      },
    ],
  };
}
