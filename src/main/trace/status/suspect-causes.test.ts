// Suspect links on a real project: a requirement revision that changes its fingerprint (not one that only changes its
// status), a changed requirement target, and a newer dataset version, model version or drift report; all links at
// once in a fixed number of queries.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TraceLinkInfo, TraceTarget } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import { editRequirement } from '../../requirements/store/requirements-service';
import { TraceLinksRepo, type StoredLink } from '../../store/trace-links-repo';
import { traceProject, type TraceProject } from '../../test-support/trace-project';
import { linkRequirement, newLinkId } from '../links/links-service';
import { describeLinks } from './describe-links';
import { suspectCauses } from './suspect-causes';

let tp: TraceProject;
beforeAll(async () => {
  tp = await traceProject();
}, 60_000);
afterAll(() => tp.close());

const link = (requirement: string, type: TraceLinkType, target: TraceTarget): TraceLinkInfo => linkRequirement(tp.project.store, { requirement, type, target, origin: 'manual' });
const now = (l: TraceLinkInfo): TraceLinkInfo => describeLinks(tp.project.store, [new TraceLinksRepo(tp.project.store.db).get(l.id) ?? expect.fail(`no link ${l.id}`)])[0];

describe('suspect links', () => {
  it('a revision that changes the fingerprint marks the links of its requirement suspect; one that only changes the status does not', () => {
    const store = tp.project.store;
    const verified = link('SW-1', 'verifies', tp.targets.evaluation);
    expect(verified).toMatchObject({ status: 'ok', suspect: [], requirementRevision: 1 });
    expect(editRequirement(store, 'SW-1', { status: 'approved' }).revision).toBe(2);
    expect(now(verified)).toMatchObject({ status: 'ok', suspect: [] });
    expect(editRequirement(store, 'SW-1', { text: 'The software shall score every customer of the prod dataset hourly.' }).revision).toBe(3);
    expect(now(verified)).toMatchObject({ status: 'suspect', suspect: [{ kind: 'requirement-changed', fromRevision: 1, toRevision: 3 }] });
  });

  it('a requirement that another refines changing marks that link suspect as target-changed, and the refining one stays as it was', () => {
    const refines = link('ML-1', 'refines', { kind: 'requirement', id: 'SYS-1' });
    expect(refines.status).toBe('ok');
    editRequirement(tp.project.store, 'SYS-1', { title: 'Churn early warning' });
    expect(now(refines)).toMatchObject({ status: 'suspect', suspect: [{ kind: 'target-changed', fromRevision: 1, toRevision: 2 }] });
  });

  it('a newer dataset version, model version or monitor report supersedes the one a link was stamped with; an evaluation has no newer version', async () => {
    const dataset = link('ML-1', 'trained-on', { kind: 'dataset_version', id: 'prod@1' });
    const model = link('ML-1', 'satisfies', tp.targets.model);
    const report = link('ML-1', 'monitored-by', tp.targets.driftReport);
    const evaluation = link('ML-1', 'verifies', tp.targets.evaluation);
    for (const l of [dataset, model, report, evaluation]) expect(now(l).status).toBe('ok');

    const { datasetVersion, driftReport } = await tp.nextDatasetVersion();
    expect(now(dataset).suspect).toEqual([{ kind: 'superseded', by: { kind: 'dataset_version', id: datasetVersion }, label: datasetVersion }]);
    expect(now(report).suspect).toEqual([{ kind: 'superseded', by: { kind: 'drift_report', id: driftReport }, label: expect.stringContaining('prod watch') }]);
    expect(now(model).status).toBe('ok');

    const { modelVersion } = await tp.nextModelVersion();
    expect(now(model).suspect).toEqual([{ kind: 'superseded', by: { kind: 'model_version', id: modelVersion }, label: expect.stringContaining(modelVersion) }]);
    expect(now(evaluation)).toMatchObject({ status: 'ok', suspect: [] });
  });

  it('a link made before its line had a stamp (null) is not called superseded', () => {
    const store = tp.project.store;
    const made = link('SW-1', 'satisfies', tp.targets.run);
    const unstamped: StoredLink = { ...(new TraceLinksRepo(store.db).get(made.id) ?? expect.fail('no link')), targetStamp: null, requirementFingerprint: 'x', id: newLinkId() };
    expect(suspectCauses(store, [unstamped]).get(unstamped.id)?.map((c) => c.kind)).toEqual(['requirement-changed']);
  });

  it('describes any number of links with the same number of queries', () => {
    const store = tp.project.store;
    const live = new TraceLinksRepo(store.db).live();
    const copies = (n: number): StoredLink[] => Array.from({ length: n }, (_, i) => ({ ...live[i % live.length], id: `lnk-${String(i).padStart(16, '0')}` }));
    const measured = (links: StoredLink[]): { queries: number; suspect: number } => {
      // counts the statements prepared while the real queries run
      const prepare = vi.spyOn(store.db, 'prepare');
      try {
        const suspect = suspectCauses(store, links).size;
        return { queries: prepare.mock.calls.length, suspect };
      } finally {
        prepare.mockRestore();
      }
    };
    const few = measured(copies(live.length));
    const many = measured(copies(live.length * 500));
    expect(few.suspect).toBeGreaterThan(0);
    expect(many.queries).toBe(few.queries);
    expect(many.suspect).toBe(few.suspect * 500);
  });
});
