// The matrix's cells judged as trace.links judges each link: on a real project with links turned suspect each way (an
// edited requirement, an edited requirement target, a newer dataset version), every cell's status is describeLinks'
// status of its link, a change after a look shows in the next look, and a look after links were only made or removed
// (patched, not built again) is what a whole build gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceLinkInfo, TraceTarget } from '../../../shared/trace';
import { TRACE_TARGET_KINDS, type TraceLinkType } from '../../../shared/trace-matrix';
import { editRequirement } from '../../requirements/store/requirements-service';
import { TraceLinksRepo } from '../../store/trace-links-repo';
import { traceProject, type TraceProject } from '../../test-support/trace-project';
import { linkRequirement, unlinkLink } from '../links/links-service';
import { describeLinks } from '../status/describe-links';
import { buildMatrix } from './build-matrix';
import { patchMatrix } from './patch-matrix';

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

  it('are patched after links were only made or removed, to exactly what a whole build gives', () => {
    const store = tp.project.store;
    const gone = link('SW-1', 'satisfies', tp.targets.model);
    const before = buildMatrix(store).view;
    const builtAt = store.audit.head().seq;
    // a new link to a column already shown, on an edited (suspect-making) requirement, and one removed
    const made = link('SW-1', 'trained-on', { kind: 'dataset_version', id: 'prod@1' });
    unlinkLink(store, gone.id, 'wrong');
    const patched = patchMatrix(store, before, builtAt, undefined);
    expect(patched).not.toBeNull();
    // another query key than {}: built whole, with every kind as the default has it
    const whole = buildMatrix(store, { kinds: [...TRACE_TARGET_KINDS] }).view;
    expect({ ...patched, createdAt: '' }).toEqual({ ...whole, createdAt: '' });
    expect(patched?.cells.find((c) => c.link === made.id)?.status).toBe(whole.cells.find((c) => c.link === made.id)?.status);
    expect(patched?.cells.some((c) => c.link === gone.id)).toBe(false);
    expect({ ...buildMatrix(store).view, createdAt: '' }).toEqual({ ...whole, createdAt: '' });
  });

  it('are built whole when anything but a link changed, or a column would come or go with a link', () => {
    const store = tp.project.store;
    const before = buildMatrix(store).view;
    let builtAt = store.audit.head().seq;
    editRequirement(store, 'ML-1', { text: 'The model shall flag churners a week ahead.' });
    expect(patchMatrix(store, before, builtAt, undefined)).toBeNull();
    expect(buildMatrix(store).view.cells.filter((c) => before.rows[c.row].id === 'ML-1').every((c) => c.status === 'suspect')).toBe(true);

    // the only link to requirement SW-1 as a target: its column comes with the link and goes with it
    const onto = buildMatrix(store).view;
    builtAt = store.audit.head().seq;
    const refines = link('ML-1', 'refines', { kind: 'requirement', id: 'SW-1' });
    expect(patchMatrix(store, onto, builtAt, undefined)).toBeNull();
    const withColumn = buildMatrix(store).view;
    expect(withColumn.columns.some((c) => c.kind === 'requirement' && c.id === 'SW-1')).toBe(true);
    builtAt = store.audit.head().seq;
    unlinkLink(store, refines.id);
    expect(patchMatrix(store, withColumn, builtAt, undefined)).toBeNull();
    expect(buildMatrix(store).view.columns.some((c) => c.kind === 'requirement' && c.id === 'SW-1')).toBe(false);
  });
});
