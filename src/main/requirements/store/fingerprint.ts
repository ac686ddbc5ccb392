// The fingerprint of a requirement's normative content: what it says (text, title, level, attribute values), not
// who owns it or how far it has got (status, owner), so a re-import revises only what really changed.
import { createHash } from 'node:crypto';
import type { RequirementRevision } from '../../../shared/requirements';

type Normative = Pick<RequirementRevision, 'text' | 'title' | 'level' | 'attributes'>;

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `ignored`: the attribute definitions that hold status and owner, which are not normative either. */
export function requirementFingerprint(r: Normative, ignored: ReadonlySet<string> = new Set()): string {
  const attributes = r.attributes.filter((a) => !ignored.has(a.definition));
  return createHash('sha256').update(canonical({ text: r.text, title: r.title, level: r.level, attributes })).digest('hex');
}
