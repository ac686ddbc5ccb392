// The window hears 'trace.changed' when a link is made, removed or reviewed, and when a newer model version is
// registered over the one a link was stamped with: its matrix and impact view reload the named requirements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMap } from '../../shared/events';
import { heardTraceChanges, traceProject, type TraceProject } from '../test-support/trace-project';

let p: TraceProject;
let told: EventMap['trace.changed'][] = [];

beforeAll(async () => {
  p = await traceProject();
  told = heardTraceChanges(p);
}, 60_000);
afterAll(async () => {
  await p.close();
});

describe("the window is told which requirements' links changed", () => {
  it('after a link is made and after it is removed', async () => {
    told.length = 0;
    const link = await p.call('trace.link', { requirement: 'ML-1', target: p.targets.model, type: 'satisfies' });
    expect(told).toEqual([{ requirements: ['ML-1'] }]);
    await p.call('trace.unlink', { link: link.id });
    expect(told).toEqual([{ requirements: ['ML-1'] }, { requirements: ['ML-1'] }]);
  });

  it('after a training job registers a newer version of the linked model, naming only the requirements linked to it', async () => {
    await p.call('trace.link', { requirement: 'SW-1', target: p.targets.model, type: 'satisfies' });
    told.length = 0;
    // a real training job through the runner, registering churn@2 when it ends
    const { jobId } = await p.call('train.start', { dataset: 'prod', version: 2, target: 'label', model: 'logreg', features: ['x', 'y', 'c'], seed: 2, register: 'churn' });
    expect((await p.call('jobs.wait', { id: jobId })).state).toBe('succeeded');
    expect(told).toEqual([{ requirements: ['SW-1'] }]);
    const [link] = await p.call('trace.links', { requirement: 'SW-1' });
    expect(link.status).toBe('suspect');
    told.length = 0;
    await p.call('trace.clear', { link: link.id, reason: 'churn@1 still meets SW-1; churn@2 is not in use' });
    expect(told).toEqual([{ requirements: ['SW-1'] }]);
  });
});
