// The one API contract: every call names a channel with a zod schema for its input and a type for its output.
// Hosts (Electron IPC, loopback HTTP, CLI) validate input against these schemas before any handler runs.
import { z } from 'zod';
import type {
  AppInfo,
  AnchorReceipt,
  AuditEntry,
  DatasetProfile,
  DatasetRowsPage,
  DatasetSummary,
  DatasetVersionInfo,
  JobInfo,
  LogVerification,
  ProjectInfo,
  RecentProject,
  VersionDiff,
  WorkspaceRoot,
} from './domain';
import { studyRequest, trainRequest } from './experiment-requests';
import type { MetricCurve, RunColumnInfo, RunComparison, RunDetail, RunsPage, StudyDetail } from './experiments';
import { lineageGraphQuery, type LineageGraph } from './lineage';
import type { EvaluationReport, EvaluationSummary } from './evaluations';
import { EVALUATION_KINDS } from './evaluations';
import {
  aliasName,
  benchRequest,
  compareRequest,
  explainRequest,
  fairnessRequest,
  modelName,
  modelRef,
  scoreRequest,
  type ApprovalInfo,
  type ApprovalVerification,
  type ModelDetail,
  type ModelImportResult,
  type ModelSummary,
  type ModelVersionInfo,
  type ProviderStatus,
} from './models';
import { REQUIREMENT_LEVELS, type RequirementDetail, type RequirementDocumentInfo, type RequirementImportSummary, type RequirementRevision, type RequirementTableRow, type WordDiffPart } from './requirements';
import { requirementClass, requirementTrainOptions, type ClassifierInfo, type RequirementClassification, type RequirementLabel } from './requirements-classes';
import type { LintResult, PairDismissal, RequirementLintRow, RequirementPairRow } from './requirements-lint';
import { AUDIT_STANDARDS, traceLinkType, traceMatrixQuery, traceTarget, type ImpactReport, type RequirementCriteriaInfo, type TraceCoverage, type TraceLinkInfo, type TraceMatrixView, type TraceSuggestion, type TraceTargetInfo } from './trace';
import { MATRIX_EXPORT_FORMATS, TRACE_TARGET_KINDS, type TraceTargetKind } from './trace-matrix';
import { EVIDENCE_KINDS, type ChecklistInfo, type ClauseCoverageReport, type ClauseSuggestion } from './standards';
import { alertRuleInput, datasetVersionRef, driftRequest, monitorDefinition, type AlertInfo, type AlertRule, type DriftReport, type DriftReportSummary, type MonitorInfo } from './monitoring';

interface ChannelSpec<I extends z.ZodType, O> {
  input: I;
  /** phantom: carries the output type only */
  output?: O;
}

function channel<O>() {
  return <I extends z.ZodType>(input: I): ChannelSpec<I, O> => ({ input });
}

const none = z.object({}).strict();
const datasetName = z
  .string()
  .trim()
  .min(1, 'a dataset needs a name')
  .max(120)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'use letters, digits, spaces, dot, dash and underscore');
const version = z.number().int().positive();
const runId = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'not a run id');
const reportId = z.string().regex(/^drift-[a-f0-9]{8,32}$/, 'not a drift report id');
const evaluationId = z.string().regex(/^eval-[a-f0-9]{16}$/, 'not an evaluation id');
const tagKey = z.string().trim().min(1).max(250);
/** who a registration records as the version's author (a local user's name; default: the session's actor) */
const author = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a user name is 1-64 letters, digits, dot, dash or underscore');
/** a requirement's identifier: a ReqIF IDENTIFIER or a CSV id, as the store keeps it */
const requirementId = z.string().min(1).max(256);
const documentFilter = z.object({ document: z.string().min(1).max(500).optional() }).strict();
const pairRelation = z.enum(['duplicate', 'conflict']);
const linkId = z.string().regex(/^lnk-[a-f0-9]{16}$/, 'not a link id');
const targetKind = z.enum(TRACE_TARGET_KINDS as [TraceTargetKind, ...TraceTargetKind[]]);
const standardId = z.string().regex(/^[a-z0-9-]{2,30}$/, 'not a standard id (iec62304, iso26262, pas8800, do178c, annex4)');
/** evidence a clause mapping names: a trace target, or an evaluation, alert rule or the audit log by id */
const evidenceTarget = z.object({ kind: z.enum(EVIDENCE_KINDS), id: z.string().min(1).max(300) }).strict();
const runColumn = z.string().regex(/^(attr|param|metric):.+$/, 'columns are attr:<name>, param:<key> or metric:<key>');

// The path policy: the window never sends a path. It names files and folders by refs the host vouches for (an upload
// it staged, a handle its own dialog returned, a workspace root it was started with); kind 'path' is the CLI's, and
// the window hosts refuse it (HandlerContext's resolvers, src/main/host/path-refs.ts).
const handle = z.string().regex(/^[a-f0-9]{32}$/, 'not a handle');
const cliPath = z.string().min(1);
/** one folder name inside a workspace root: no separators, no '.' or '..', no control characters */
const folderName = z
  .string()
  .trim()
  .min(1, 'a project needs a folder name')
  .max(120)
  .regex(/^[^/\\\p{Cc}:*?"<>|]+$/u, 'a folder name has no slashes, colons or control characters')
  .refine((n) => n !== '.' && n !== '..', 'a folder name cannot be . or ..');

/** A file coming in. */
export const importSource = z.discriminatedUnion('kind', [
  /** bytes a browser uploaded, staged by the host */
  z.object({ kind: z.literal('upload'), uploadId: handle }).strict(),
  /** a file chosen in the Electron open dialog */
  z.object({ kind: z.literal('picked'), handle }).strict(),
  /** a path on this machine: accepted by the CLI host only */
  z.object({ kind: z.literal('path'), path: cliPath }).strict(),
]);
export type ImportSource = z.infer<typeof importSource>;

/** A folder coming in (an mlruns folder). */
export const folderSource = z.discriminatedUnion('kind', [
  /** a folder chosen in the Electron folder dialog */
  z.object({ kind: z.literal('picked'), handle }).strict(),
  /** browser mode: a .zip of the folder, uploaded; the host unpacks it into a staged folder, refusing links and '..' */
  z.object({ kind: z.literal('upload'), uploadId: handle }).strict(),
  /** a path on this machine: accepted by the CLI host only */
  z.object({ kind: z.literal('path'), path: cliPath }).strict(),
]);
export type FolderSource = z.infer<typeof folderSource>;

/** Where an export goes. */
export const outputTarget = z.discriminatedUnion('kind', [
  /** browser mode: the host keeps the file in its data folder and serves it once at /api/download/<id> */
  z.object({ kind: z.literal('download') }).strict(),
  /** a file or folder named in the Electron save dialog */
  z.object({ kind: z.literal('picked'), handle }).strict(),
  /** a path on this machine: accepted by the CLI host only */
  z.object({ kind: z.literal('path'), path: cliPath }).strict(),
]);
export type OutputTarget = z.infer<typeof outputTarget>;

/** A project folder to create or open. */
export const projectLocation = z.discriminatedUnion('kind', [
  /** a folder by name inside one of the workspace roots the app was started with */
  z.object({ kind: z.literal('root'), root: z.number().int().min(0), name: folderName }).strict(),
  /** a project from the recent list, by its id */
  z.object({ kind: z.literal('recent'), id: handle }).strict(),
  /** a folder chosen in the Electron folder dialog */
  z.object({ kind: z.literal('picked'), handle }).strict(),
  /** a path on this machine: accepted by the CLI host only */
  z.object({ kind: z.literal('path'), path: cliPath }).strict(),
]);
export type ProjectLocation = z.infer<typeof projectLocation>;

/** A report written where the host said: what the window is told, and the file's size and SHA-256 (as the audit log records them). */
export interface ReportExportResult {
  shown: string;
  bytes: number;
  sha256: string;
  /** browser mode: fetch the file once at /api/download/<id> */
  downloadId: string | null;
}

export const api = {
  'app.info': channel<AppInfo>()(none),

  'projects.recent': channel<RecentProject[]>()(none),
  /** the workspace roots named on the command line, with the projects inside each */
  'projects.roots': channel<WorkspaceRoot[]>()(none),
  'projects.create': channel<ProjectInfo>()(z.object({ location: projectLocation }).strict()),
  'projects.open': channel<ProjectInfo>()(z.object({ location: projectLocation }).strict()),
  /** creates (or reopens) the generated sample project, in the app's data folder (or, from the CLI, at `location`) */
  'projects.openSample': channel<ProjectInfo>()(z.object({ location: projectLocation.optional() }).strict()),
  'projects.close': channel<null>()(none),

  'datasets.list': channel<DatasetSummary[]>()(none),
  'datasets.versions': channel<DatasetVersionInfo[]>()(z.object({ dataset: datasetName }).strict()),
  'datasets.profile': channel<DatasetProfile>()(z.object({ dataset: datasetName, version }).strict()),
  'datasets.rows': channel<DatasetRowsPage>()(
    z
      .object({
        dataset: datasetName,
        version,
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(5000),
      })
      .strict(),
  ),
  'datasets.diff': channel<VersionDiff>()(z.object({ dataset: datasetName, from: version, to: version }).strict()),
  /** starts an import job; its result (ImportResult) arrives with the job */
  'datasets.import': channel<{ jobId: string }>()(
    z.object({ source: importSource, name: datasetName, fileName: z.string().min(1).max(255).optional() }).strict(),
  ),
  /** starts a 'dataset.export' job; its result (DatasetExportResult) arrives with the job. An existing file is replaced only with overwrite. */
  'datasets.export': channel<{ jobId: string }>()(
    z.object({ dataset: datasetName, version, target: outputTarget, overwrite: z.boolean().optional() }).strict(),
  ),

  'jobs.list': channel<JobInfo[]>()(none),
  'jobs.get': channel<JobInfo>()(z.object({ id: z.string().min(1) }).strict()),
  'jobs.cancel': channel<JobInfo>()(z.object({ id: z.string().min(1) }).strict()),
  /** resolves when the job has ended (or after timeoutMs, with the job as it then is) */
  'jobs.wait': channel<JobInfo>()(
    z.object({ id: z.string().min(1), timeoutMs: z.number().int().min(0).max(3_600_000).optional() }).strict(),
  ),

  'experiments.list': channel<{ name: string; runs: number; createdAt: string }[]>()(none),
  'runs.columns': channel<RunColumnInfo[]>()(z.object({ experiment: z.string().optional() }).strict()),
  'runs.query': channel<RunsPage>()(
    z
      .object({
        experiment: z.string().optional(),
        study: z.string().optional(),
        filters: z.array(z.object({ column: runColumn, op: z.enum(['<', '<=', '>', '>=', '=', '!=', 'contains', 'exists']), value: z.union([z.string(), z.number()]).optional() }).strict()).max(20).optional(),
        sort: z.object({ column: runColumn, desc: z.boolean() }).strict().optional(),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(1000),
        columns: z.array(runColumn).max(2000),
      })
      .strict(),
  ),
  'runs.get': channel<RunDetail>()(z.object({ id: runId }).strict()),
  'runs.curves': channel<MetricCurve[]>()(
    z.object({ ids: z.array(runId).min(1).max(100), keys: z.array(z.string().min(1)).min(1).max(50), maxPoints: z.number().int().min(10).max(5000).default(500) }).strict(),
  ),
  'runs.compare': channel<RunComparison>()(z.object({ ids: z.array(runId).min(1).max(100) }).strict()),
  'runs.artifact': channel<{ path: string; mediaType: string; size: number; json: unknown }>()(z.object({ id: runId, path: z.string().min(1).max(500) }).strict()),
  'runs.setTag': channel<RunDetail>()(z.object({ id: runId, key: z.string().trim().min(1).max(250), value: z.string().max(5000).nullable() }).strict()),
  'runs.setNote': channel<RunDetail>()(z.object({ id: runId, note: z.string().max(100_000) }).strict()),
  /** starts a training job; its result (TrainResult) arrives with the job, its live curves as job.metrics events */
  'train.start': channel<{ jobId: string }>()(trainRequest),
  'studies.start': channel<{ jobId: string }>()(studyRequest),
  'studies.list': channel<Omit<StudyDetail, 'trials' | 'importance' | 'space'>[]>()(none),
  'studies.get': channel<StudyDetail>()(z.object({ id: z.string().min(1) }).strict()),
  /** starts an 'mlflow.import' job; its MlflowImportSummary arrives with the job */
  'mlflow.import': channel<{ jobId: string }>()(
    z.object({ source: folderSource }).strict(),
  ),
  /** writes an mlruns folder that must not exist yet (or be empty) */
  'mlflow.export': channel<{ experiments: number; runs: number; artifacts: number }>()(z.object({ target: outputTarget, experiment: z.string().optional() }).strict()),

  'audit.list': channel<AuditEntry[]>()(
    z.object({ limit: z.number().int().min(1).max(1000).default(100), beforeSeq: z.number().int().optional() }).strict(),
  ),
  'audit.verify': channel<LogVerification>()(none),
  /** signs the log's head with a local user's key; the passphrase unlocks it and is never stored */
  'audit.anchor': channel<AnchorReceipt>()(z.object({ user: z.string().min(1).max(64), passphrase: z.string().min(1).max(1024) }).strict()),

  /** starts a 'drift.report' job; its DriftReportJobResult arrives with the job */
  'drift.run': channel<{ jobId: string }>()(driftRequest),
  'drift.list': channel<DriftReportSummary[]>()(z.object({ monitor: z.string().min(1).max(200).optional() }).strict()),
  'drift.get': channel<DriftReport>()(z.object({ id: reportId }).strict()),
  /** writes the report as self-contained HTML or as JSON (same content) */
  'drift.export': channel<ReportExportResult>()(
    z.object({ id: reportId, format: z.enum(['html', 'json']), target: outputTarget, overwrite: z.boolean().optional() }).strict(),
  ),
  'monitors.create': channel<MonitorInfo>()(monitorDefinition),
  'monitors.list': channel<MonitorInfo[]>()(none),
  /** by id or name */
  'monitors.get': channel<MonitorInfo>()(z.object({ monitor: z.string().min(1).max(200) }).strict()),
  /** starts a 'drift.report' job for the monitor's newest dataset version */
  'monitors.run': channel<{ jobId: string }>()(z.object({ monitor: z.string().min(1).max(200) }).strict()),
  'alerts.addRule': channel<AlertRule>()(alertRuleInput),
  'alerts.list': channel<AlertInfo[]>()(z.object({ monitor: z.string().min(1).max(200).optional() }).strict()),

  'models.list': channel<ModelSummary[]>()(none),
  'models.get': channel<ModelDetail>()(z.object({ name: modelName }).strict()),
  /** one version by NAME@VERSION or NAME@ALIAS, with the evaluations about it */
  'models.version': channel<ModelVersionInfo & { evaluations: EvaluationSummary[]; approvals: ApprovalInfo[] }>()(z.object({ ref: modelRef }).strict()),
  /** registers a finished run's model as the next version of `name` (a study's best trial is a run too) */
  'models.register': channel<ModelVersionInfo>()(z.object({ run: runId, name: modelName, description: z.string().max(10_000).optional(), as: author.optional() }).strict()),
  /** validates, inspects and stores an .onnx file as the next version of `name`; pickle, joblib and .pt files are refused */
  'models.import': channel<ModelImportResult>()(
    z.object({ source: importSource, name: modelName, fileName: z.string().min(1).max(255).optional(), description: z.string().max(10_000).optional(), as: author.optional() }).strict(),
  ),
  /** a tag on the model (no version) or on one version; null removes it */
  'models.setTag': channel<ModelSummary>()(z.object({ name: modelName, version: version.optional(), key: tagKey, value: z.string().max(5000).nullable() }).strict()),
  'models.setDescription': channel<ModelSummary>()(z.object({ name: modelName, version: version.optional(), description: z.string().max(10_000) }).strict()),
  /**
   * Moves `alias` to NAME@VERSION with the approver's signature over the version's hash, the alias, the reason and the
   * evidence hashes. Refused when the approver is the version's author. The passphrase unlocks the key and is never stored.
   */
  'models.approve': channel<ApprovalInfo>()(
    z
      .object({
        ref: modelRef,
        alias: aliasName,
        user: z.string().min(1).max(64),
        passphrase: z.string().min(1).max(1024),
        reason: z.string().trim().min(1, 'an approval needs a reason').max(5000),
        evidence: z.array(z.string().min(1).max(100)).max(100).default([]),
      })
      .strict(),
  ),
  /** checks every approval's signature offline against the keys recorded in the project */
  'models.verifyApprovals': channel<ApprovalVerification>()(none),
  'models.providers': channel<ProviderStatus[]>()(none),
  /** starts a 'model.score' job; its ScoreJobResult arrives with the job */
  'models.score': channel<{ jobId: string }>()(scoreRequest),
  'models.bench': channel<{ jobId: string }>()(benchRequest),
  'models.compare': channel<{ jobId: string }>()(compareRequest),
  'models.explain': channel<{ jobId: string }>()(explainRequest),
  'models.fairness': channel<{ jobId: string }>()(fairnessRequest),
  'evaluations.list': channel<EvaluationSummary[]>()(
    z.object({ model: modelRef.optional(), dataset: datasetVersionRef.optional(), kind: z.enum(EVALUATION_KINDS).optional() }).strict(),
  ),
  'evaluations.get': channel<EvaluationReport>()(z.object({ id: evaluationId }).strict()),

  /** the project's requirement documents (specifications), in import order */
  'requirements.documents': channel<RequirementDocumentInfo[]>()(none),
  /** every requirement of one document (or all) in document order, with its stored class, label and lint verdict */
  'requirements.table': channel<RequirementTableRow[]>()(documentFilter),
  'requirements.get': channel<RequirementDetail>()(z.object({ id: requirementId, history: z.boolean().optional() }).strict()),
  /** a new revision with the given fields; an edit that changes nothing is refused */
  'requirements.edit': channel<RequirementRevision>()(
    z
      .object({
        id: requirementId,
        text: z.string().trim().min(1, 'a requirement needs text').max(100_000).optional(),
        title: z.string().max(10_000).optional(),
        level: z.enum(REQUIREMENT_LEVELS).nullable().optional(),
        status: z.string().max(200).nullable().optional(),
        owner: z.string().max(200).nullable().optional(),
        /** ReqIF attribute values by their definition's long name, read as its datatype; '' removes one */
        attributes: z.record(z.string().min(1).max(500), z.string().max(100_000)).optional(),
      })
      .strict(),
  ),
  'requirements.diff': channel<WordDiffPart[]>()(z.object({ id: requirementId, from: version, to: version }).strict()),
  /** lints text being typed (nothing is stored): the editor's live highlights */
  'requirements.lintText': channel<LintResult>()(z.object({ text: z.string().max(100_000), safetyCase: z.boolean().optional() }).strict()),
  /** the project-wide lint report */
  'requirements.lint': channel<RequirementLintRow[]>()(documentFilter),
  /** duplicate and conflicting pairs; dismissed ones only when asked for */
  'requirements.pairs': channel<RequirementPairRow[]>()(
    z.object({ document: z.string().min(1).max(500).optional(), dismissed: z.boolean().optional() }).strict(),
  ),
  'requirements.dismissPair': channel<PairDismissal>()(
    z.object({ a: requirementId, b: requirementId, relation: pairRelation, reason: z.string().trim().min(1, 'say why the pair is dismissed').max(2000) }).strict(),
  ),
  'requirements.restorePair': channel<null>()(z.object({ a: requirementId, b: requirementId, relation: pairRelation }).strict()),
  /** a .reqif, .reqifz or .csv file; a newer export of a document already here revises its requirements */
  'requirements.import': channel<RequirementImportSummary>()(
    z.object({ source: importSource, fileName: z.string().min(1).max(255).optional(), document: z.string().trim().min(1).max(500).optional() }).strict(),
  ),
  'requirements.export': channel<ReportExportResult & { documents: number; requirements: number; relations: number }>()(
    z.object({ format: z.enum(['reqif', 'reqifz', 'csv']), document: z.string().min(1).max(500).optional(), target: outputTarget, overwrite: z.boolean().optional() }).strict(),
  ),
  'requirements.classifier': channel<ClassifierInfo>()(none),
  /** starts a 'requirements.classify' job over one document (or all) with the project's classifier */
  'requirements.classify': channel<{ jobId: string }>()(documentFilter),
  /** the stored verdicts of the latest revisions */
  'requirements.classifications': channel<RequirementClassification[]>()(documentFilter),
  /** a person accepts or corrects a requirement's class */
  'requirements.label': channel<RequirementLabel>()(z.object({ id: requirementId, label: requirementClass }).strict()),
  /** starts a 'requirements.train' job: the default set, the project's labels and an optional labelled CSV */
  'requirements.train': channel<{ jobId: string }>()(requirementTrainOptions.extend({ labels: importSource.optional() }).strict()),

  /** links a requirement to an artifact or another requirement, stamped with both sides as they are now */
  'trace.link': channel<TraceLinkInfo>()(
    z.object({ requirement: requirementId, target: traceTarget, type: traceLinkType, reason: z.string().trim().max(2000).optional(), suggested: z.boolean().optional() }).strict(),
  ),
  /** removes a link (kept, marked removed, for undo and the audit trail) */
  'trace.unlink': channel<TraceLinkInfo>()(z.object({ link: linkId, reason: z.string().trim().max(2000).optional() }).strict()),
  /** links of one requirement, of one target, or all, with their status now */
  'trace.links': channel<TraceLinkInfo[]>()(z.object({ requirement: requirementId.optional(), target: traceTarget.optional() }).strict()),
  /** every artifact and requirement a link can point at, with a label (the pickers and the matrix columns) */
  'trace.targets': channel<TraceTargetInfo[]>()(z.object({ kinds: z.array(targetKind).min(1).optional() }).strict()),
  /** requirements x targets: rows in document order with depth, columns grouped by kind, one cell per live link */
  'trace.matrix': channel<TraceMatrixView>()(traceMatrixQuery),
  'trace.exportMatrix': channel<ReportExportResult>()(
    traceMatrixQuery.extend({ format: z.enum(MATRIX_EXPORT_FORMATS), target: outputTarget, overwrite: z.boolean().optional() }).strict(),
  ),
  /** what a requirement's change affects: its links (suspect first) and everything the lineage graph reaches from them */
  'trace.impact': channel<ImpactReport>()(z.object({ requirement: requirementId }).strict()),
  /** a suspect link judged still valid: re-stamped against both sides as they are now, with the reason */
  'trace.clear': channel<TraceLinkInfo>()(z.object({ link: linkId, reason: z.string().trim().min(1, 'say why the link still holds').max(2000) }).strict()),
  /** a suspect link re-verified by new evidence: the link moves to `evidence` (default: the same target) and is re-stamped */
  'trace.reverify': channel<TraceLinkInfo>()(
    z.object({ link: linkId, evidence: traceTarget.optional(), reason: z.string().trim().min(1, 'say what the new evidence shows').max(2000) }).strict(),
  ),
  /** ranked candidate links for a requirement (rejected ones never again) */
  'trace.suggest': channel<TraceSuggestion[]>()(z.object({ requirement: requirementId, limit: z.number().int().min(1).max(100).default(10) }).strict()),
  'trace.reject': channel<null>()(z.object({ requirement: requirementId, target: traceTarget, type: traceLinkType, reason: z.string().trim().max(2000).optional() }).strict()),
  /** coverage counts and the uncovered report */
  'trace.coverage': channel<TraceCoverage>()(z.object({ document: z.string().min(1).max(500).optional() }).strict()),
  /** a requirement's acceptance criteria with their verdicts against its linked evidence */
  'trace.criteria': channel<RequirementCriteriaInfo>()(z.object({ requirement: requirementId }).strict()),
  /** replaces a requirement's criteria (each parsed; a bad one is refused naming its position and word) */
  'trace.setCriteria': channel<RequirementCriteriaInfo>()(z.object({ requirement: requirementId, criteria: z.array(z.string().trim().min(1).max(500)).max(50) }).strict()),
  'trace.standards': channel<ChecklistInfo[]>()(none),
  /** clause coverage (the gap report) of one standard, at a level (safety class, ASIL, DAL) or all */
  'trace.clauses': channel<ClauseCoverageReport>()(z.object({ standard: standardId, level: z.string().min(1).max(8).optional() }).strict()),
  /** clauses proposed for a requirement or an artifact, best first */
  'trace.suggestClauses': channel<ClauseSuggestion[]>()(z.object({ standard: standardId, target: traceTarget }).strict()),
  /** a person confirms (or rejects) a requirement or artifact as evidence for a clause */
  'trace.mapClause': channel<null>()(
    z.object({ standard: standardId, clause: z.string().min(1).max(40), target: evidenceTarget, state: z.enum(['confirmed', 'rejected']), reason: z.string().trim().max(2000).optional() }).strict(),
  ),

  /**
   * starts an 'audit.package' job writing a signed zip: manifest, model cards, datasheets, matrices, reports, approvals,
   * the log excerpt, SOUP, the requirements as ReqIF and a report per standard (HTML and PDF). The passphrase unlocks
   * the exporter's key here and is never stored.
   */
  'audit.exportPackage': channel<{ jobId: string }>()(
    z
      .object({
        target: outputTarget,
        overwrite: z.boolean().optional(),
        standards: z.array(z.enum(AUDIT_STANDARDS)).max(AUDIT_STANDARDS.length).default([]),
        models: z.array(modelRef).max(100).optional(),
        user: z.string().min(1).max(64),
        passphrase: z.string().min(1).max(1024),
      })
      .strict(),
  ),

  /** what a versioned thing came from (upstream) or what came from it (downstream), as nodes and typed edges */
  'lineage.graph': channel<LineageGraph>()(lineageGraphQuery),
} as const;

export type Api = typeof api;
export type Channel = keyof Api;
export type Input<C extends Channel> = z.input<Api[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Api[C]['input']>;
export type Output<C extends Channel> = Exclude<Api[C]['output'], undefined>;

export const channels = Object.keys(api) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** What a host returns for every call: data, or an AppError value. */
export type CallResult<C extends Channel> =
  | { ok: true; data: Output<C> }
  | { ok: false; error: import('./errors').AppError };

/** The typed client the renderer, CLI and tests use, whatever the host behind it. */
export interface ApiClient {
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
  subscribe<E extends import('./events').EventName>(
    event: E,
    listener: (payload: import('./events').EventPayload<E>) => void,
  ): () => void;
}
