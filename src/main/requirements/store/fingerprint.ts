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

export function requirementFingerprint(r: Normative): string {
  return createHash('sha256').update(canonical({ text: r.text, title: r.title, level: r.level, attributes: r.attributes })).digest('hex');
}
