// A model card per included model version, with the Model Card Toolkit's fields (model details, model parameters,
// quantitative analysis, considerations) filled from the registry, its evaluations and its approvals. What only a
// person knows (intended users, limitations, ethical considerations) is marked as a gap, never invented.
import type { EvaluationReport } from '../../../shared/evaluations';
import type { ApprovalInfo, ModelVersionInfo } from '../../../shared/models';
import type { OnnxValueInfo, OnnxValueType } from '../../../shared/onnx-model';
import { num } from '../../monitoring/report-format';
import { observationsFromEvaluation } from '../../trace/criteria/evidence-observations';
import { GAP, type FieldValue, type PackageDocument } from './package-document';

type Gap = typeof GAP;

export interface PerformanceMetric {
  type: string;
  value: string;
  /** the data it was measured on, and the provider, batch or attribute where the figure is one of several */
  slice: string;
  /** the evaluation it comes from */
  evaluation: string;
}

/** Model Card Toolkit's schema, in its field names; a string field holds GAP where a person must write it. */
export interface ModelCard {
  model_details: {
    name: string;
    overview: string | Gap;
    version: { name: string; date: string };
    owners: { name: string; contact: string | Gap }[];
    licenses: string[] | Gap;
    references: string[];
    /** the registered file's SHA-256 (what approvals are signed over) */
    sha256: string;
    aliases: string[];
  };
  model_parameters: {
    model_architecture: string;
    data: { train: string | Gap; eval: string[] };
    input_format: string;
    output_format: string;
  };
  quantitative_analysis: { performance_metrics: PerformanceMetric[] };
  considerations: {
    users: Gap;
    use_cases: Gap;
    limitations: Gap;
    tradeoffs: Gap;
    ethical_considerations: Gap;
  };
  approvals: { id: string; alias: string; approver: string; fingerprint: string; at: string; reason: string; signature: string }[];
}

export function modelCard(version: ModelVersionInfo, evaluations: readonly EvaluationReport[], approvals: readonly ApprovalInfo[]): ModelCard {
  const inspection = version.inspection;
  const signature = (values: OnnxValueInfo[]): string => values.map((v) => `${v.name}: ${typeText(v.type)}`).join('; ');
  return {
    model_details: {
      name: version.name,
      overview: version.description.trim() === '' ? GAP : version.description,
      version: { name: String(version.version), date: version.createdAt },
      owners: [{ name: version.author, contact: GAP }],
      licenses: version.tags.license ? [version.tags.license] : GAP,
      references: version.runId ? [`run ${version.runId}`] : [],
      sha256: version.hash,
      aliases: version.aliases,
    },
    model_parameters: {
      model_architecture: inspection
        ? `ONNX graph ${inspection.graphName || '(unnamed)'} by ${inspection.producer.name} ${inspection.producer.version}, ${inspection.nodeCount} nodes, IR ${inspection.irVersion}`
        : `${version.source === 'run' ? 'trained in Airlock' : 'imported'}; no ONNX file`,
      data: { train: version.trainedOn ?? GAP, eval: [...new Set(evaluations.flatMap((e) => (e.datasetVersion ? [e.datasetVersion] : [])))] },
      input_format: inspection ? signature(inspection.inputs) : GAP,
      output_format: inspection ? signature(inspection.outputs) : GAP,
    },
    quantitative_analysis: { performance_metrics: evaluations.flatMap(metricsOf) },
    considerations: { users: GAP, use_cases: GAP, limitations: GAP, tradeoffs: GAP, ethical_considerations: GAP },
    approvals: approvals.map((a) => ({ id: a.id, alias: a.alias, approver: a.approver, fingerprint: a.approverFingerprint, at: a.at, reason: a.reason, signature: a.signature })),
  };
}

/** 'DOUBLE [N, 1]', 'sequence of map STRING to FLOAT': how a model card states an input or output. */
function typeText(t: OnnxValueType): string {
  switch (t.kind) {
    case 'tensor':
    case 'sparse_tensor':
      return `${t.kind === 'sparse_tensor' ? 'sparse ' : ''}${t.elementType}${t.shape === null ? '' : ` [${t.shape.map((d) => d ?? '?').join(', ')}]`}`;
    case 'sequence':
      return `sequence of ${typeText(t.element)}`;
    case 'map':
      return `map ${t.keyType} to ${typeText(t.value)}`;
    case 'optional':
      return `optional ${typeText(t.element)}`;
    case 'unknown':
      return 'a type Airlock cannot read';
  }
}

function metricsOf(report: EvaluationReport): PerformanceMetric[] {
  return observationsFromEvaluation(report).map((o) => {
    const slice = [
      o.scope.dataset ?? 'synthetic inputs',
      o.scope.provider && `provider ${o.scope.provider}`,
      o.scope.batchSize !== null && `batch ${o.scope.batchSize}`,
      o.scope.attribute && `by ${o.scope.attribute}`,
    ].filter((s): s is string => typeof s === 'string' && s !== '');
    return { type: o.metric, value: num(o.value), slice: slice.join(', '), evaluation: report.id };
  });
}

const field = (v: string): FieldValue => (v === GAP ? null : v);

export function modelCardDocument(card: ModelCard): PackageDocument {
  const d = card.model_details;
  const p = card.model_parameters;
  const c = card.considerations;
  return {
    kicker: 'Model card',
    title: `${d.name}@${d.version.name}`,
    facts: [
      ['Registered', d.version.date],
      ['SHA-256', d.sha256],
      ['Aliases', d.aliases.join(', ') || 'none'],
    ],
    sections: [
      {
        heading: 'Model details',
        fields: [
          ['Overview', field(d.overview)],
          ['Owners', d.owners.map((o) => o.name).join(', ')],
          ['Contact', null],
          ['Licences', d.licenses === GAP ? null : d.licenses.join(', ')],
          ['References', d.references.join(', ') || 'none'],
        ],
      },
      {
        heading: 'Model parameters',
        fields: [
          ['Architecture', p.model_architecture],
          ['Training data', field(p.data.train)],
          ['Evaluation data', p.data.eval.join(', ') || 'none'],
          ['Input format', field(p.input_format)],
          ['Output format', field(p.output_format)],
        ],
      },
      {
        heading: 'Quantitative analysis',
        lead: 'Figures from the evaluations stored for this version.',
        table: { head: ['Metric', 'Value', 'Slice', 'Evaluation'], rows: card.quantitative_analysis.performance_metrics.map((m) => [m.type, m.value, m.slice, m.evaluation]) },
        empty: 'No scoring, benchmark or fairness evaluation is stored for this version.',
      },
      {
        heading: 'Considerations',
        fields: [
          ['Intended users', field(c.users)],
          ['Use cases', field(c.use_cases)],
          ['Limitations', field(c.limitations)],
          ['Trade-offs', field(c.tradeoffs)],
          ['Ethical considerations', field(c.ethical_considerations)],
        ],
      },
      {
        heading: 'Approvals',
        table: { head: ['Approval', 'Alias', 'Approver', 'At', 'Reason'], rows: card.approvals.map((a) => [a.id, a.alias, `${a.approver} (key ${a.fingerprint.slice(0, 16)})`, a.at, a.reason]) },
        empty: 'No alias was ever moved to this version.',
      },
    ],
  };
}
