// The canonical text of an acceptance criterion: lower-case keywords, single spaces, names quoted only when they must
// be. parseCriterion(formatCriterion(c)) gives c back, so a stored criterion can be kept as its text.
import { DISPARITY_PHRASES, type AcceptanceCriterion, type CriterionDataset, type DriftCriterionScope } from './acceptance-criteria';
import { quoted, quoteName } from './criterion-tokens';
import { isBareMetric } from './parse-criterion';

export function formatCriterion(c: AcceptanceCriterion): string {
  switch (c.kind) {
    case 'metric':
      return `${isBareMetric(c.metric) ? c.metric : quoted(c.metric)} ${c.op} ${c.threshold}${c.dataset ? ` on dataset ${formatDataset(c.dataset)}` : ''}`;
    case 'latency':
      return `${c.statistic} latency ${c.op} ${c.thresholdMs} ms${c.provider ? ` on provider ${c.provider}` : ''}${c.batchSize !== null ? ` batch ${c.batchSize}` : ''}`;
    case 'fairness':
      return `${DISPARITY_PHRASES[c.disparity]} ${c.op} ${c.threshold} on ${quoteName(c.attribute)}`;
    case 'drift-share':
      return `drift share ${c.op} ${c.threshold}${formatDriftScope(c.scope)}`;
    case 'no-drift':
      return `${c.column === null ? 'no dataset drift' : `no drift in column ${quoteName(c.column)}`}${formatDriftScope(c.scope)}`;
  }
}

export function formatDataset(d: CriterionDataset): string {
  return `${quoteName(d.name)}${d.version !== null ? `@${d.version}` : ''}`;
}

/** How a drift criterion's scope reads after it (nothing for the whole report). */
export function formatDriftScope(scope: DriftCriterionScope): string {
  switch (scope) {
    case 'report':
      return '';
    case 'latest_window':
      return ' in the last window';
    case 'any_window':
      return ' in any window';
  }
}
