// Gathers what an audit package holds, as files in memory, from one open project: model cards and datasheets, the
// trace matrix and uncovered report, the evaluation and drift reports, the signed approvals, the audit-log excerpt,
// the SOUP list, the requirements as ReqIF and one report per chosen standard (HTML and PDF). It only reads: the
// export job writes and audits the zip once everything is here.
import fs from 'node:fs';
import path from 'node:path';
import type { EvaluationReport } from '../../../shared/evaluations';
import { AppFailure } from '../../../shared/errors';
import type { ModelVersionInfo } from '../../../shared/models';
import type { EvidenceRef } from '../../../shared/standards';
import type { AuditStandard } from '../../../shared/trace';
import type { UncoveredReport } from '../../../shared/trace-matrix';
import type { JobContext } from '../../jobs/protocol';
import { readEvaluation } from '../../models/evaluations/store-evaluation';
import { versionInfo } from '../../models/registry/registry-service';
import { reportJson } from '../../monitoring/report-json';
import { renderReportHtml } from '../../monitoring/report-html';
import { MonitoringService } from '../../monitoring/monitoring-service';
import { requirementsFile } from '../../requirements/store/export-requirements';
import { ApprovalsRepo } from '../../store/approvals-repo';
import { ClauseMappingsRepo } from '../../store/clause-mappings-repo';
import { DatasetsRepo } from '../../store/datasets-repo';
import { EvaluationsRepo } from '../../store/evaluations-repo';
import { LineageRepo } from '../../store/lineage-repo';
import { ModelsRepo, ModelVersionsRepo, type ModelVersionRecord } from '../../store/model-versions-repo';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo } from '../../store/requirements-repo';
import { clauseCoverage } from '../../trace/clauses/clause-coverage';
import { shippedChecklist } from '../../trace/clauses/load-checklists';
import { buildMatrix } from '../../trace/matrix/build-matrix';
import { exportMatrix } from '../../trace/matrix-export/export-matrix';
import { uncoveredReport } from '../../trace/matrix-export/uncovered-report';
import { datasheet, datasheetDocument } from './datasheet';
import { evaluationDocument } from './evaluation-document';
import { logExcerpt, LOG_EXCERPT_FILE } from './log-excerpt';
import { modelCard, modelCardDocument } from './model-card';
import { documentHtml, documentPdfBlocks, type PackageDocument } from './package-document';
import { packageReadme, README_FILE } from './package-readme';
import { writePdf } from './pdf/pdf-writer';
import { airlockLockFile, soupDocument, soupLibraries, soupModels, type SoupList } from './soup-list';
import { standardReportDocument } from './standard-report';
import type { PackageFile } from './write-package';

export interface PackageRequest {
  standards: readonly AuditStandard[];
  /** model version refs (NAME@VERSION or NAME@ALIAS); empty: every version with an alias, else each model's newest */
  models: readonly string[];
}

export interface GatheredPackage {
  files: PackageFile[];
  models: string[];
  standards: { standard: AuditStandard; covered: number; uncovered: number }[];
}

type Progress = Pick<JobContext, 'progress' | 'checkCancelled'>;

const json = (value: unknown): Uint8Array => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');
/** A name safe as one package path segment: model and dataset names may hold anything but '/' and control characters. */
const segment = (name: string): string => name.replace(/[\\/\p{Cc}]/gu, '_');

/** The model versions a package covers: those asked for, or every aliased version, or each model's newest. */
export function packageModels(store: ProjectStore, refs: readonly string[]): ModelVersionInfo[] {
  const versions = new ModelVersionsRepo(store.db);
  if (refs.length > 0) return [...new Map(refs.map((ref) => versions.resolve(ref, 'models')).map((v) => [v.id, v])).values()].map((v) => versionInfo(store, v));
  const models = new ModelsRepo(store.db);
  return models.summaries().flatMap((m) => {
    const aliased = [...new Set(Object.values(m.aliases))].sort((a, b) => a - b);
    const picked = aliased.length > 0 ? aliased.map((n) => `${m.name}@${n}`) : m.latest ? [`${m.name}@${m.latest.version}`] : [];
    return picked.map((id) => versionInfo(store, versions.resolve(id, 'models')));
  });
}

export function gatherPackage(store: ProjectStore, request: PackageRequest, ctx: Progress): GatheredPackage {
  const files: PackageFile[] = [];
  const add = (file: string, bytes: Uint8Array): void => {
    files.push({ path: file, bytes });
  };
  const document = (base: string, doc: PackageDocument, data: unknown): void => {
    add(`${base}.json`, json(data));
    add(`${base}.html`, text(documentHtml(doc)));
  };
  const step = (fraction: number, message: string): void => {
    ctx.checkCancelled();
    ctx.progress(fraction, message);
  };

  step(0.02, 'Model cards');
  const models = packageModels(store, request.models);
  const evaluations = new EvaluationsRepo(store.db);
  const approvals = new ApprovalsRepo(store.db);
  const reports: EvaluationReport[] = [];
  for (const v of models) {
    const mine = evaluations.list({ modelVersion: v.id }).map((e) => readEvaluation(store, e.id));
    reports.push(...mine);
    const card = modelCard(v, mine, approvals.list({ model: v.name, version: v.version }));
    document(`model-cards/${segment(v.id)}`, modelCardDocument(card), card);
  }

  step(0.15, 'Datasheets');
  const datasets = new DatasetsRepo(store.db);
  const lineage = new LineageRepo(store.db);
  for (const id of datasetVersions(store, models, reports)) {
    const at = id.lastIndexOf('@');
    const row = datasets.dataset(id.slice(0, at));
    const version = row && datasets.version(row.id, Number(id.slice(at + 1)));
    if (!row || !version) continue; // a dataset version a model names but the project no longer holds has no datasheet to give
    const edges = lineage.graph({ node: { kind: 'dataset_version', id }, direction: 'both', depth: 1 }).edges;
    const sheet = datasheet(version, datasets.profile(version.id), edges, datasets.versions(row.id).map((v) => v.version));
    document(`datasheets/${segment(id)}`, datasheetDocument(sheet), sheet);
  }

  step(0.3, 'Trace matrix');
  const { view } = buildMatrix(store);
  const matrix = { title: view.title, createdAt: view.createdAt, rows: view.rows, columns: view.columns, cells: view.cells.map(({ link: _link, ...cell }) => cell) };
  for (const format of ['csv', 'html', 'xlsx'] as const) add(`trace/matrix.${format}`, exportMatrix(matrix, format).bytes);
  const uncovered = uncoveredReport(matrix);
  document('trace/uncovered', uncoveredDocument(uncovered), uncovered);

  step(0.45, 'Evaluation and drift reports');
  for (const r of reports) document(`reports/evaluations/${r.id}`, evaluationDocument(r), r);
  const monitoring = new MonitoringService(store);
  for (const summary of monitoring.reports()) {
    ctx.checkCancelled();
    const report = monitoring.report(summary.id);
    add(`reports/drift/${segment(summary.id)}.json`, text(reportJson(report)));
    add(`reports/drift/${segment(summary.id)}.html`, text(renderReportHtml(report)));
  }

  step(0.6, 'Approvals and the audit log');
  add('approvals.json', json(approvals.list()));
  add(LOG_EXCERPT_FILE, logExcerpt(store.audit).bytes);

  step(0.7, 'SOUP list');
  const lock = airlockLockFile();
  const soup: SoupList = { ...soupLibraries(fs.readFileSync(lock, 'utf8'), lock), models: soupModels(allVersions(store)) };
  document('soup', soupDocument(soup), soup);

  step(0.75, 'Requirements');
  const requirements = requirementsReqif(store);
  if (requirements) add(requirements.path, requirements.bytes);

  const standards: GatheredPackage['standards'] = [];
  const labels = evidenceLabels(store, models);
  request.standards.forEach((standard, i) => {
    step(0.8 + (0.15 * i) / request.standards.length, `Standard report: ${standard}`);
    const checklist = shippedChecklist(standard);
    const mappings = new ClauseMappingsRepo(store.db).current(standard).flatMap((m) => (m.state === 'confirmed' ? [{ standard, clause: m.clause, target: m.target, state: 'confirmed' as const }] : []));
    const report = clauseCoverage(checklist, mappings);
    const doc = standardReportDocument(checklist, report, labels);
    add(`standards/${standard}.html`, text(documentHtml(doc)));
    add(`standards/${standard}.pdf`, writePdf({ title: `${checklist.name}: coverage`, created: store.now(), blocks: documentPdfBlocks(doc) }));
    add(`standards/${standard}.json`, json(report));
    standards.push({ standard, covered: report.totals.covered, uncovered: report.totals.uncovered });
  });
  add(README_FILE, text(packageReadme(path.basename(store.dir), store.now(), models.map((m) => m.id), request.standards)));
  step(0.95, 'Files gathered');
  return { files, models: models.map((m) => m.id), standards };
}

/** Every dataset version the models trained on or were evaluated on, then the newest version of every other dataset. */
function datasetVersions(store: ProjectStore, models: readonly ModelVersionInfo[], reports: readonly EvaluationReport[]): string[] {
  const ids = new Set<string>();
  for (const m of models) if (m.trainedOn) ids.add(m.trainedOn);
  for (const r of reports) if (r.datasetVersion) ids.add(r.datasetVersion);
  for (const d of new DatasetsRepo(store.db).summaries()) ids.add(`${d.name}@${d.latestVersion}`);
  return [...ids];
}

/** Every registered version's record (not its full info: the SOUP list needs no inspection blob read per version). */
function allVersions(store: ProjectStore): ModelVersionRecord[] {
  const versions = new ModelVersionsRepo(store.db);
  const models = new ModelsRepo(store.db);
  return models.summaries().flatMap((m) => models.versionIds(m.name).map((id) => versions.resolve(id)));
}

/**
 * The requirements as one ReqIF file, or as .reqifz when they came from several files (one .reqif holds one); null
 * when the project has none.
 */
function requirementsReqif(store: ProjectStore): { path: string; bytes: Uint8Array } | null {
  if (new RequirementsRepo(store.db).documents().length === 0) return null;
  try {
    return { path: 'requirements.reqif', bytes: requirementsFile(store, 'reqif', 'requirements.reqif').bytes };
  } catch (e) {
    if (!(e instanceof AppFailure) || e.error.code !== 'BAD_INPUT') throw e;
    return { path: 'requirements.reqifz', bytes: requirementsFile(store, 'reqifz', 'requirements.reqifz').bytes };
  }
}

/** Evidence as the standard reports name it: a requirement by id and title, a model version by NAME@VERSION. */
function evidenceLabels(store: ProjectStore, models: readonly ModelVersionInfo[]): (ref: EvidenceRef) => string {
  const requirements = new RequirementsRepo(store.db).latestRevisions();
  const included = new Set(models.map((m) => m.id));
  return (ref) => {
    const title = ref.kind === 'requirement' ? requirements.get(ref.id)?.title : undefined;
    if (ref.kind === 'requirement') return `requirement ${ref.id}${title ? ` ${title}` : ''}`;
    if (ref.kind === 'model_version') return `model ${ref.id}${included.has(ref.id) ? ' (model card in this package)' : ''}`;
    return `${ref.kind.replace('_', ' ')} ${ref.id}`;
  };
}

function uncoveredDocument(u: UncoveredReport): PackageDocument {
  return {
    kicker: 'Uncovered report',
    title: 'Requirements without verifying evidence, artifacts that satisfy nothing',
    facts: [
      ['Requirements uncovered', String(u.requirements.length)],
      ['Artifacts unlinked', String(u.artifacts.length)],
    ],
    sections: [
      {
        heading: 'Requirements with no ok verifying link',
        table: { head: ['Requirement', 'Title', 'Why'], rows: u.requirements.map((r) => [r.id, r.title, r.reason]) },
        empty: 'Every requirement has ok verifying evidence.',
      },
      {
        heading: 'Artifacts no requirement links to',
        table: { head: ['Artifact', 'Kind', 'Id'], rows: u.artifacts.map((a) => [a.label, a.kind, a.id]) },
        empty: 'Every artifact is linked to a requirement.',
      },
    ],
  };
}

