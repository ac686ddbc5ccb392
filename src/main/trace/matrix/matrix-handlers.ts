// The trace matrix, its exports and the coverage summary.
import type { HandlerMap } from '../../handler-types';
import { buildMatrix } from './build-matrix';
import { exportTraceMatrix } from './export-trace-matrix';
import { traceCoverage } from './trace-coverage';

export type MatrixChannels = 'trace.matrix' | 'trace.exportMatrix' | 'trace.coverage';

export const matrixHandlers: HandlerMap<MatrixChannels> = {
  'trace.matrix': (query, { app }) => buildMatrix(app.requireProject().store, query).view,
  'trace.exportMatrix': ({ format, target, overwrite = false, ...query }, ctx) => {
    const store = ctx.app.requireProject().store;
    const { view } = buildMatrix(store, query); // an unknown document fails here, before any file is reserved
    const out = ctx.resolveTarget(target, `trace-matrix.${format}`);
    return exportTraceMatrix(store, view, { format, document: query.document, out, overwrite: overwrite || out.overwriteConfirmed });
  },
  'trace.coverage': ({ document }, { app }) => traceCoverage(app.requireProject().store, { document }),
};
