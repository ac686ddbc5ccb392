// The matrix's cells judged as trace.links judges each link: on a real project with links turned suspect each way (an
// edited requirement, an edited requirement target, a newer dataset version), every cell's status is describeLinks'
// status of its link, and a change after a look shows in the next look.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceLinkInfo, TraceTarget } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import { editRequirement } from '../../requirements/store/requirements-service';
import { TraceLinksRepo } from '../../store/trace-links-repo';
import { traceProject, type TraceProject } from '../../test-support/trace-project';
import { linkRequirement } from '../links/links-service';
import { describeLinks } from '../status/describe-links';
import { buildMatrix } from './build-matrix';

let tp: TraceProject;
beforeAll(async () => {
  tp = await traceProject();
}, 60_000);
afterAll(() => tp.close());

const link = (requirement: string, type: TraceLinkType, target: TraceTarget): TraceLinkInfo => linkRequirement(tp.project.store, { requirement, type, target, origin: 'manual' });

/** Each cell as [requirement, target id, link type, status], by link id. */
function cells(): Map<string, [string, string, TraceLinkType, string]> {
  const { view } = buildMatrix(tp.project.store);
  return new Map(view.cells.map((c) => [c.link, [view.rows[c.row].id, view.columns[c.column].id, c.linkType, c.status]]));
}

describe('the trace matrix cells', () => {
  it('carry the status describeLinks gives each live link: suspect by an edited requirement, an edited requirement target or a newer dataset version', async () => {
    const store = tp.project.store;
    const edited = link('SW-1', 'verifies', tp.targets.evaluation);
    const refines = link('ML-1', 'refines', { kind: 'requirement', id: 'SYS-1' });
    const trained = link('ML-1', 'trained-on', { kind: 'dataset_version', id: 'prod@1' });
    const steady = link('ML-1', 'satisfies', tp.targets.model);
    const ours = [edited, refines, trained, steady];
    expect(ours.map((l) => cells().get(l.id)?.[3])).toEqual(['ok', 'ok', 'ok', 'ok']);

    editRequirement(store, 'SW-1', { text: 'The software shall score every customer of the prod dataset hourly.' });
    editRequirement(store, 'SYS-1', { title: 'Churn early warning' });
    await tp.nextDatasetVersion();

    const live = new TraceLinksRepo(store.db).live();
    const now = cells();
    expect(now.size).toBe(live.length);
    for (const l of describeLinks(store, live)) expect(now.get(l.id)).toEqual([l.requirement, l.target.id, l.type, l.status]);
    expect(ours.map((l) => now.get(l.id)?.[3])).toEqual(['suspect', 'suspect', 'suspect', 'ok']);
  });

  it('show a link made after a look, and drop one removed after it, in the next look', () => {
    const store = tp.project.store;
    const before = cells();
    const made = link('SYS-1', 'satisfies', tp.targets.run);
    expect(cells().get(made.id)).toEqual(['SYS-1', tp.targets.run.id, 'satisfies', 'ok']);
    store.mutate({ action: 'test.unlink', target: made.id }, () => new TraceLinksRepo(store.db).remove(made.id, store.now().toISOString(), store.actor, 'wrong'));
    expect(cells()).toEqual(before);
  });
});
