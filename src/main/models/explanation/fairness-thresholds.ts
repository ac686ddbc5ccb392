// Fairness thresholds as a request names them, read into the report's names: shared by the models.fairness handler,
// which refuses an unknown name before queueing, and the job, which applies them.
import { fail } from '../../../shared/errors';
import type { DisparityName, FairnessThresholds } from '../../../shared/fairness';
import { DISPARITY_NAMES } from '../../fairness/group-metrics';

/**
 * Thresholds by the report's names (demographicParityRatio) or Fairlearn's (demographic_parity_ratio); anything else
 * is refused with the names there are.
 */
export function thresholdsOf(given: Record<string, number>): FairnessThresholds {
  const out: FairnessThresholds = {};
  for (const [key, value] of Object.entries(given)) {
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const name = DISPARITY_NAMES.find((n): n is DisparityName => n === camel);
    if (!name) fail('BAD_INPUT', `There is no fairness threshold '${key}'; there are ${DISPARITY_NAMES.join(', ')}.`, { where: { field: `thresholds.${key}` } });
    out[name] = value;
  }
  return out;
}
