// A requirement's acceptance criteria: read with their verdicts against its linked evidence, and replaced as a whole.
import type { HandlerMap } from '../../handler-types';
import { readCriteria, setCriteria } from './requirement-criteria';

export type CriteriaChannels = 'trace.criteria' | 'trace.setCriteria';

export const criteriaHandlers: HandlerMap<CriteriaChannels> = {
  'trace.criteria': ({ requirement }, { app }) => readCriteria(app.requireProject().store, requirement),
  'trace.setCriteria': ({ requirement, criteria }, { app }) => {
    const store = app.requireProject().store;
    const info = setCriteria(store, requirement, criteria);
    // the matrix and the impact view show this requirement's link statuses, which its criteria decide
    app.traceChanged([requirement]);
    return info;
  },
};
