// Every channel of the API contract bound to its handler; the type makes a missing handler a compile error.
import type { Channel } from '../shared/api';
import { appHandlers } from './projects/projects-handlers';
import { auditHandlers } from './audit/audit-handlers';
import { datasetsHandlers } from './datasets/datasets-handlers';
import { experimentsHandlers } from './experiments/experiments-handlers';
import type { HandlerMap } from './handler-types';
import { jobsHandlers } from './jobs/jobs-handlers';
import { lineageHandlers } from './lineage/lineage-handlers';
import { modelJobHandlers } from './models/model-job-handlers';
import { approvalHandlers } from './models/registry/approval-handlers';
import { registryHandlers } from './models/registry/registry-handlers';
import { monitoringHandlers } from './monitoring/monitoring-handlers';
import { classifierHandlers } from './requirements/classify/classifier-handlers';
import { requirementsHandlers } from './requirements/requirements-handlers';
import { packageHandlers } from './audit/package/package-handlers';
import { clauseHandlers } from './trace/clauses/clause-handlers';
import { criteriaHandlers } from './trace/criteria/criteria-handlers';
import { impactHandlers } from './trace/impact/impact-handlers';
import { linkHandlers } from './trace/links/link-handlers';
import { matrixHandlers } from './trace/matrix/matrix-handlers';
import { suggestHandlers } from './trace/suggest/suggest-handlers';

export const handlers: HandlerMap<Channel> = {
  ...appHandlers,
  ...datasetsHandlers,
  ...experimentsHandlers,
  ...jobsHandlers,
  ...auditHandlers,
  ...lineageHandlers,
  ...monitoringHandlers,
  ...registryHandlers,
  ...approvalHandlers,
  ...modelJobHandlers,
  ...requirementsHandlers,
  ...classifierHandlers,
  ...linkHandlers,
  ...matrixHandlers,
  ...impactHandlers,
  ...criteriaHandlers,
  ...suggestHandlers,
  ...clauseHandlers,
  ...packageHandlers,
};
