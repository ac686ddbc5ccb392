// The audit log as a package carries it: audit-log.jsonl, one stored row per line (details as the canonical JSON the
// hash covers), oldest first and ending at the head, so a reviewer can recompute every entry's hash and its link to
// the one before without the project. verifyLogExcerpt is the hook verifyAuditPackage calls to check that chain.
import { canonicalJson, entryHash, type AuditLog, type AuditRow } from '../../store/audit-log';
import type { LogExcerptCheck } from './verify-package';

export const LOG_EXCERPT_FILE = 'audit-log.jsonl';
/** The newest entries a package carries: enough for any review, bounded so a decade-old project's package stays small. */
export const LOG_EXCERPT_MAX_ENTRIES = 100_000;
const PAGE = 5_000;

/** The newest `max` entries, oldest first, as JSON lines. */
export function logExcerpt(log: AuditLog, max = LOG_EXCERPT_MAX_ENTRIES): { bytes: Uint8Array; entries: number; first: number; last: number } {
  const newestFirst: AuditRow[] = [];
  let before: number | undefined;
  while (newestFirst.length < max) {
    const page = log.list(Math.min(PAGE, max - newestFirst.length), before);
    if (page.length === 0) break;
    for (const e of page) {
      // stored details are canonical JSON, so writing the parsed value canonically again gives the hashed bytes back
      newestFirst.push({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, target: e.target, details: canonicalJson(e.details), prev_hash: e.prevHash, hash: e.hash });
    }
    before = page[page.length - 1].seq;
  }
  const rows = newestFirst.reverse();
  const text = rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  return { bytes: Buffer.from(text, 'utf8'), entries: rows.length, first: rows[0]?.seq ?? 0, last: rows[rows.length - 1]?.seq ?? 0 };
}

/** One line per problem: an unreadable line, a hash that is not its content's, a broken link, a gap in the seqs. */
export function excerptProblems(text: string): string[] {
  const problems: string[] = [];
  let previous: AuditRow | null = null;
  const lines = text.split('\n').filter((l) => l !== '');
  for (const [i, line] of lines.entries()) {
    const where = `${LOG_EXCERPT_FILE} line ${i + 1}`;
    const row = parseRow(line, where, problems);
    if (!row) continue;
    if (entryHash(row) !== row.hash) problems.push(`${where}: entry ${row.seq}'s content does not give its hash`);
    if (previous && row.seq !== previous.seq + 1) problems.push(`${where}: entry ${row.seq} follows entry ${previous.seq}`);
    else if (previous && row.prev_hash !== previous.hash) problems.push(`${where}: entry ${row.seq} does not link to entry ${previous.seq}`);
    else if (!previous && row.seq === 1 && row.prev_hash !== '') problems.push(`${where}: the first entry links to one before it`);
    previous = row;
  }
  return problems;
}

function parseRow(line: string, where: string, problems: string[]): AuditRow | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    problems.push(`${where} is not JSON`);
    return null;
  }
  const r = value as Partial<Record<keyof AuditRow, unknown>>;
  const strings = ['at', 'actor', 'action', 'target', 'details', 'prev_hash', 'hash'] as const;
  if (typeof value !== 'object' || value === null || !Number.isInteger(r.seq) || strings.some((k) => typeof r[k] !== 'string')) {
    problems.push(`${where} is not an audit log entry`);
    return null;
  }
  // every field checked just above
  return value as AuditRow;
}

/**
 * verifyAuditPackage's hook. A package without an excerpt passes it: the signed manifest already says whether the
 * exporter put one in, so removing it shows as a missing file or a bad signature.
 */
export const verifyLogExcerpt: LogExcerptCheck = async (contents) => {
  if (!contents.manifest.files.some((f) => f.path === LOG_EXCERPT_FILE)) return [];
  return excerptProblems((await contents.read(LOG_EXCERPT_FILE)).toString('utf8'));
};

