import { describe, expect, it } from 'vitest';
import { jobStart } from '../../shared/jobs';
import { processFor } from './process-job-kinds';

describe('which executor a job start gets', () => {
  const request = { reference: { dataset: 'prod', version: 1 }, current: { dataset: 'prod', version: 2 } };

  it('sends a drift report that scores a model (onnxruntime, native code) to a child process, and one without a model to a worker thread', () => {
    expect(processFor(jobStart('drift.report', { request: { ...request, model: 'prod-label-logreg@1' } }))).not.toBeNull();
    expect(processFor(jobStart('drift.report', { request }))).toBeNull();
  });

  it('sends every start of a kind without its own rule to a process when the kind is listed, and to a thread when it is not', () => {
    expect(processFor(jobStart('test.crash', { mode: 'sleep' }))).toEqual({ memoryMb: 256 });
    expect(processFor(jobStart('test.sleep', { steps: 1, stepMs: 1 }))).toBeNull();
  });
});
