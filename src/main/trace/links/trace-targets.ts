// Everything a link can point at, with the name the window shows: requirements, dataset versions, runs, model
// versions, evaluations, drift reports, monitors, alerts, approvals; and the CLI's `KIND:ID[@VERSION]` read into a
// target (`model:churn@2`, `dataset:holdout` for its newest version).
import { fail } from '../../../shared/errors';
import { TARGET_KIND_WORDS, type TraceTarget, type TraceTargetInfo } from '../../../shared/trace';
import { TRACE_TARGET_KINDS, type TraceTargetKind } from '../../../shared/trace-matrix';
import type { Db } from '../../store/db';
import { LineageRepo } from '../../store/lineage-repo';
import { ModelVersionsRepo } from '../../store/model-versions-repo';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo } from '../../store/requirements-repo';

/** One catalogue row: the stable id, when it was made, and up to three parts its label is made of. */
interface TargetRow {
  id: string;
  createdAt: string;
  name: string | null;
  detail: string | null;
  extra: string | null;
}

interface KindCatalogue {
  /** selects TargetRow columns from the kind's table aliased `t`, narrowed by `where` (see catalogueRows) */
  sql: (where: string) => string;
  label: (row: TargetRow) => string;
}

const day = (iso: string | null): string => (iso ?? '').slice(0, 10);
const shortId = (id: string): string => (id.length > 12 ? id.slice(0, 8) : id);
const named = (row: TargetRow): string => (row.name ? `${row.name} (${shortId(row.id)})` : row.id);

/** Per kind: where its rows live and how its label reads. Labels are what the matrix columns and the pickers show. */
const CATALOGUE: Readonly<Record<TraceTargetKind, KindCatalogue>> = {
  requirement: {
    sql: (where) => `SELECT t.id, t.created_at AS createdAt, v.title AS name, NULL AS detail, NULL AS extra
            FROM requirements t JOIN requirement_documents d ON d.id = t.document_id
            JOIN requirement_revisions v ON v.requirement_id = t.id AND v.revision = (SELECT MAX(revision) FROM requirement_revisions WHERE requirement_id = t.id)
           WHERE ${where} ORDER BY t.created_at, d.source_id, d.position, t.position`,
    label: (r) => (r.name ? `${r.id} ${r.name}` : r.id),
  },
  dataset_version: {
    sql: (where) => `SELECT t.id, t.created_at AS createdAt, NULL AS name, NULL AS detail, NULL AS extra FROM dataset_versions t WHERE ${where} ORDER BY t.created_at, t.id`,
    label: (r) => r.id,
  },
  study: {
    sql: (where) => `SELECT t.id, t.created_at AS createdAt, t.name, NULL AS detail, NULL AS extra FROM studies t WHERE ${where} ORDER BY t.created_at, t.id`,
    label: named,
  },
  run: {
    sql: (where) => `SELECT t.id, t.started_at AS createdAt, t.name, NULL AS detail, NULL AS extra FROM runs t WHERE ${where} ORDER BY t.started_at, t.seq`,
    label: named,
  },
  model_version: {
    sql: (where) => `SELECT t.id, t.created_at AS createdAt, NULL AS name, (SELECT GROUP_CONCAT(a.alias, ', ') FROM (SELECT alias FROM model_aliases WHERE model = t.name AND version = t.version ORDER BY alias) a) AS detail, NULL AS extra
            FROM model_versions t WHERE ${where} ORDER BY t.created_at, t.name, t.version`,
    label: (r) => (r.detail ? `${r.id} (${r.detail})` : r.id),
  },
  drift_report: {
    sql: (where) => `SELECT t.id, t.created_at AS createdAt, COALESCE(m.name, t.name) AS name, NULL AS detail, NULL AS extra
            FROM drift_reports t LEFT JOIN monitors m ON m.id = t.monitor_id WHERE ${where} ORDER BY t.created_at, t.id`,
    label: (r) => `${r.name ?? 'drift report'} ${day(r.createdAt)}`,
  },
  monitor: {
    sql: (where) => `SELECT t.id, t.created_at AS createdAt, t.name, NULL AS detail, NULL AS extra FROM monitors t WHERE ${where} ORDER BY t.created_at, t.id`,
    label: (r) => r.name ?? r.id,
  },
  alert: {
    sql: (where) => `SELECT t.id, t.fired_at AS createdAt, m.name, t.message AS detail, NULL AS extra
            FROM alerts t JOIN monitors m ON m.id = t.monitor_id WHERE ${where} ORDER BY t.fired_at, t.id`,
    label: (r) => `${r.name ?? 'alert'} ${day(r.createdAt)}: ${r.detail ?? r.id}`,
  },
  evaluation: {
    sql: (where) => `SELECT t.id, t.created_at AS createdAt, t.kind AS name, t.model_version AS detail, t.dataset_version AS extra FROM evaluations t WHERE ${where} ORDER BY t.created_at, t.id`,
    label: (r) => `${r.name} ${r.detail}${r.extra ? ` on ${r.extra}` : ''}`,
  },
  approval: {
    sql: (where) => `SELECT t.id, t.at AS createdAt, t.model || '@' || t.version AS name, t.alias AS detail, NULL AS extra FROM model_approvals t WHERE ${where} ORDER BY t.at, t.id`,
    label: (r) => `${r.name} as ${r.detail}`,
  },
};

/**
 * The kind's rows, all of them (ids null) or only these ids. Two statements, not one with `@ids IS NULL OR ...`: that
 * OR keeps SQLite from looking the ids up by key, so a few labels cost a scan of the kind's whole table.
 */
function catalogueRows(db: Db, kind: TraceTargetKind, ids: readonly string[] | null): TraceTargetInfo[] {
  const { sql, label } = CATALOGUE[kind];
  const rows = (ids === null ? db.prepare(sql('TRUE')).all() : db.prepare(sql('t.id IN (SELECT value FROM json_each(?))')).all(JSON.stringify(ids))) as TargetRow[];
  return rows.map((r) => ({ kind, id: r.id, label: label(r), createdAt: r.createdAt }));
}

/** Every linkable target of the given kinds (default: all), grouped by kind in TRACE_TARGET_KINDS order, oldest first within a kind. */
export function traceTargets(store: ProjectStore, kinds?: readonly TraceTargetKind[]): TraceTargetInfo[] {
  const wanted = new Set(kinds ?? TRACE_TARGET_KINDS);
  return TRACE_TARGET_KINDS.filter((k) => wanted.has(k)).flatMap((k) => catalogueRows(store.db, k, null));
}

/** The catalogue entries of these targets (one query per kind); targets that no longer exist are left out. */
export function targetInfos(store: ProjectStore, targets: readonly TraceTarget[]): TraceTargetInfo[] {
  const byKind = new Map<TraceTargetKind, Set<string>>();
  for (const t of targets) byKind.set(t.kind, (byKind.get(t.kind) ?? new Set()).add(t.id));
  return [...byKind].flatMap(([kind, ids]) => catalogueRows(store.db, kind, [...ids]));
}

/** Whether the target exists in this project. */
export function targetExists(store: ProjectStore, target: TraceTarget): boolean {
  if (target.kind === 'requirement') return new RequirementsRepo(store.db).latest(target.id) !== null;
  return new LineageRepo(store.db).exists({ kind: target.kind, id: target.id });
}

const KIND_OF_WORD = new Map<string, TraceTargetKind>(TRACE_TARGET_KINDS.map((k) => [TARGET_KIND_WORDS[k], k]));
const KIND_WORDS = TRACE_TARGET_KINDS.map((k) => TARGET_KIND_WORDS[k]).join(', ');

/** The kind a CLI word names (`model`, `dataset`, `req`, ...). */
export function targetKindOf(word: string, field = 'kind'): TraceTargetKind {
  return KIND_OF_WORD.get(word) ?? fail('BAD_INPUT', `'${word}' is not a target kind (known: ${KIND_WORDS}).`, { where: { field } });
}

function notFound(ref: string, what: string): never {
  return fail('NOT_FOUND', `'${ref}' names no ${what} in this project.`, { where: { field: 'target' }, hint: 'airlock trace targets --json lists what a link can point at.' });
}

/** `dataset:NAME@V`, or `dataset:NAME` for its newest version. */
function datasetVersion(db: Db, ref: string, rest: string): string {
  if (/@[1-9][0-9]*$/.test(rest)) return rest;
  const row = db.prepare('SELECT v.id FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.name = ? ORDER BY v.version DESC LIMIT 1').get(rest) as { id: string } | undefined;
  return row?.id ?? notFound(ref, 'dataset');
}

/** `model:NAME@V`, `model:NAME@ALIAS` (where the alias points now), or `model:NAME` for its newest version. */
function modelVersion(db: Db, ref: string, rest: string): string {
  const repo = new ModelVersionsRepo(db);
  if (!rest.includes('@')) return repo.latest(rest)?.id ?? notFound(ref, 'model');
  return repo.resolve(rest, 'target').id;
}

/** `monitor:NAME` (or its id). */
function monitorId(db: Db, rest: string): string {
  const row = db.prepare('SELECT id FROM monitors WHERE name = ? OR id = ? ORDER BY name = ? DESC LIMIT 1').get(rest, rest, rest) as { id: string } | undefined;
  return row?.id ?? rest;
}

/** The target a CLI reference names, checked to exist. */
export function resolveTargetRef(store: ProjectStore, ref: string): TraceTarget {
  const colon = ref.indexOf(':');
  const kind = colon > 0 ? KIND_OF_WORD.get(ref.slice(0, colon)) : undefined;
  const rest = ref.slice(colon + 1).trim();
  if (kind === undefined || rest === '') {
    return fail('BAD_INPUT', `'${ref}' is not KIND:ID[@VERSION] (KIND: ${KIND_WORDS}).`, { where: { field: 'target' }, hint: 'For example model:churn@2, dataset:holdout@3, req:SYS-4.' });
  }
  const id = kind === 'dataset_version' ? datasetVersion(store.db, ref, rest) : kind === 'model_version' ? modelVersion(store.db, ref, rest) : kind === 'monitor' ? monitorId(store.db, rest) : rest;
  const target: TraceTarget = { kind, id };
  if (!targetExists(store, target)) notFound(ref, kind.replace('_', ' '));
  return target;
}
