// trace.impact, trace.clear and trace.reverify through the channels, on a real project: what a requirement's change
// reaches through its links and the lineage graph, and the review that answers a suspect link (audited, re-stamped,
// kept append-only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINEAGE_EDGES } from '../../../shared/lineage';
import type { ImpactItem, TraceLinkInfo, TraceTarget } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import { editRequirement } from '../../requirements/store/requirements-service';
import { LineageRepo } from '../../store/lineage-repo';
import { RequirementCriteriaRepo } from '../../store/requirement-criteria-repo';
import { ID_LOOKUP_LIMIT, TraceLinksRepo } from '../../store/trace-links-repo';
import { traceProject, type TraceProject } from '../../test-support/trace-project';

let tp: TraceProject;
beforeAll(async () => {
  tp = await traceProject();
}, 60_000);
afterAll(() => tp.close());

const link = (requirement: string, type: TraceLinkType, target: TraceTarget): Promise<TraceLinkInfo> => tp.call('trace.link', { requirement, type, target });
const reached = (items: ImpactItem[]): string[] => items.map((i) => `${i.node.kind}:${i.node.id} ${i.via.join('>')} ${i.depth}`);

describe('trace.impact', () => {
  it("reaches a linked model version's evaluations, the run behind it and the dataset versions behind that, each by its path", async () => {
    const satisfies = await link('ML-1', 'satisfies', tp.targets.model);
    const impact = await tp.call('trace.impact', { requirement: 'ML-1' });
    expect(impact).toMatchObject({ requirement: 'ML-1', title: 'Churn classifier', revision: 1, truncated: false });
    expect(impact.links.map((l) => l.id)).toEqual([satisfies.id]);
    const paths = reached(impact.affected);
    expect(paths).toEqual(
      expect.arrayContaining([
        `model_version:${tp.modelVersion} satisfies 1`,
        `evaluation:${tp.evaluation} satisfies>evaluated 2`,
        `run:${tp.run} satisfies>produced 2`,
        `dataset_version:prod@2 satisfies>produced>trained 3`,
      ]),
    );
    expect(impact.affected.every((i) => i.link === satisfies.id)).toBe(true);
    expect(impact.affected.find((i) => i.node.kind === 'model_version')?.label).toContain('churn');
    // nearest first
    expect(impact.affected.map((i) => i.depth)).toEqual([...impact.affected.map((i) => i.depth)].sort((a, b) => a - b));
  });

  it('after a revision that changes the requirement, its evidence links are suspect and the impact reaches the model version evaluated against it, what is behind that, and the approvals that relied on them', async () => {
    await link('ML-1', 'verifies', tp.targets.evaluation);
    const cited = tp.approve({ alias: 'champion', evidence: [tp.evaluation] });
    const promoted = tp.approve({ alias: 'production' });
    editRequirement(tp.project.store, 'ML-1', { text: 'The churn classifier shall reach an accuracy of at least 0.9 on prod data.' });
    const impact = await tp.call('trace.impact', { requirement: 'ML-1' });
    expect(impact.revision).toBe(2);
    expect(impact.links.every((l) => l.status === 'suspect' && l.suspect[0].kind === 'requirement-changed')).toBe(true);
    // the model version evaluated, the run and data behind it, and both approvals, by the shortest path (through whichever link)
    const nodes = impact.affected.map((i) => `${i.node.kind}:${i.node.id}`);
    expect(nodes).toEqual(expect.arrayContaining([`model_version:${tp.modelVersion}`, `run:${tp.run}`, 'dataset_version:prod@2', `approval:${cited}`, `approval:${promoted}`]));
    expect(reached(impact.affected)).toContain(`evaluation:${tp.evaluation} verifies 1`);
    expect(impact.affected.find((i) => i.node.id === cited)?.depth).toBe(2);
    const approval = impact.affected.find((i) => i.node.id === promoted);
    expect(approval?.via.at(-1)).toBe('approved_as');
  });

  it('lists links from requirements that refine it with its own, suspect first, and reaches those requirements and theirs', async () => {
    const sw = await link('SW-1', 'refines', { kind: 'requirement', id: 'SYS-1' });
    await link('ML-1', 'derived-from', { kind: 'requirement', id: 'SW-1' });
    const own = await link('SYS-1', 'verifies', tp.targets.driftReport);
    await tp.nextDriftReport();
    const impact = await tp.call('trace.impact', { requirement: 'SYS-1' });
    expect(impact.links.map((l) => [l.id, l.status])).toEqual([
      [own.id, 'suspect'],
      [sw.id, 'ok'],
    ]);
    expect(reached(impact.affected)).toEqual(expect.arrayContaining(['requirement:SW-1 refines 1', 'requirement:ML-1 refines>derived-from 2', `drift_report:${tp.driftReport} verifies 1`]));
    expect(impact.affected.find((i) => i.node.id === 'ML-1')?.link).toBe(sw.id);
  });

  it('refuses a requirement that does not exist', async () => {
    expect(await tp.refused('trace.impact', { requirement: 'NOPE-9' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'requirement' } });
  });
});

describe('trace.clear and trace.reverify', () => {
  const reviews = (id: string): { action: string; reason: string; details_json: string }[] =>
    tp.project.store.db.prepare('SELECT action, reason, details_json FROM trace_link_reviews WHERE link_id = ? ORDER BY id').all(id) as { action: string; reason: string; details_json: string }[];

  it('clears a suspect link with a reason: re-stamped, ok again, the review and audit entry naming the causes it answered', async () => {
    const made = await link('SW-1', 'verifies', tp.targets.evaluation);
    editRequirement(tp.project.store, 'SW-1', { text: 'The software shall score every customer of the prod dataset hourly.' });
    const suspect = (await tp.call('trace.links', { requirement: 'SW-1' })).find((l) => l.id === made.id);
    expect(suspect?.suspect).toEqual([{ kind: 'requirement-changed', fromRevision: 1, toRevision: 2 }]);

    expect(await tp.refused('trace.clear', { link: made.id, reason: '  ' })).toMatchObject({ code: 'BAD_INPUT' });
    const cleared = await tp.call('trace.clear', { link: made.id, reason: 'hourly scoring is still measured by this evaluation' });
    expect(cleared).toMatchObject({ status: 'ok', suspect: [], requirementRevision: 2, reviewed: { action: 'cleared', by: tp.project.store.actor, reason: 'hourly scoring is still measured by this evaluation' } });
    expect(reviews(made.id).map((r) => [r.action, JSON.parse(r.details_json)])).toEqual([['cleared', { causes: suspect?.suspect }]]);
    expect(tp.project.store.audit.list(1)[0]).toMatchObject({ action: 'trace.clear', target: 'requirement:SW-1', details: { link: made.id, causes: suspect?.suspect } });
    // nothing left to clear
    expect(await tp.refused('trace.clear', { link: made.id, reason: 'again' })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'link' } });
  });

  it('re-verifies a superseded link with the new version as evidence: the link moves there, re-stamped, with its old target on the review', async () => {
    const made = await link('ML-1', 'trained-on', { kind: 'dataset_version', id: 'prod@2' });
    const { datasetVersion } = await tp.nextDatasetVersion();
    const evidence = { kind: 'dataset_version', id: datasetVersion } as const;
    const moved = await tp.call('trace.reverify', { link: made.id, evidence, reason: 'retrained on the new data' });
    expect(moved).toMatchObject({ id: made.id, target: evidence, status: 'ok', reviewed: { action: 'reverified', reason: 'retrained on the new data' } });
    expect(JSON.parse(reviews(made.id)[0].details_json)).toEqual({
      causes: [{ kind: 'superseded', by: evidence, label: datasetVersion }],
      from: 'dataset_version:prod@2',
      to: `dataset_version:${datasetVersion}`,
    });
    expect(tp.project.store.audit.list(1)[0]).toMatchObject({ action: 'trace.reverify', details: { link: made.id, from: 'dataset_version:prod@2', to: `dataset_version:${datasetVersion}` } });
  });

  it('re-verifies against the same target when no evidence is given, and refuses evidence the link type cannot point at, or a link that is not live', async () => {
    const made = await link('ML-1', 'verifies', tp.targets.evaluation);
    const again = await tp.call('trace.reverify', { link: made.id, reason: 'read the scoring report again' });
    expect(again).toMatchObject({ target: tp.targets.evaluation, reviewed: { action: 'reverified' } });
    expect(await tp.refused('trace.reverify', { link: made.id, evidence: tp.targets.dataset, reason: 'r' })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'evidence' } });
    expect(await tp.refused('trace.reverify', { link: made.id, evidence: { kind: 'evaluation', id: 'eval-0000000000000000' }, reason: 'r' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'evidence' } });
    // a link to the same evidence already exists: one live link per requirement, type and target
    const twin = await link('ML-1', 'verifies', tp.targets.driftReport);
    expect(await tp.refused('trace.reverify', { link: twin.id, evidence: tp.targets.evaluation, reason: 'r' })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'evidence' } });
    await tp.call('trace.unlink', { link: made.id });
    expect(await tp.refused('trace.reverify', { link: made.id, reason: 'r' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'link' } });
    expect(new TraceLinksRepo(tp.project.store.db).get(made.id)?.target).toEqual(tp.targets.evaluation);
  });
});

// What one requirement's impact reads, it reads for that requirement only (the hierarchy below it level by level, the
// labels, reviews and criteria of its own links): a project of its own, so the hierarchy is only what these tests make.
describe('trace.impact reads only what concerns the requirement', () => {
  let own: TraceProject;
  beforeAll(async () => {
    own = await traceProject();
  }, 60_000);
  afterAll(() => own.close());
  const linkIn = (requirement: string, type: TraceLinkType, target: TraceTarget): Promise<TraceLinkInfo> => own.call('trace.link', { requirement, type, target });
  const below = async (requirement: string): Promise<string[]> => reached((await own.call('trace.impact', { requirement })).affected.filter((i) => i.node.kind === 'requirement'));

  it('reaches the requirements below it by their shortest live hierarchy path, not through other link types or removed links', async () => {
    const sw = await linkIn('SW-1', 'refines', { kind: 'requirement', id: 'SYS-1' });
    const ml = await linkIn('ML-1', 'derived-from', { kind: 'requirement', id: 'SW-1' });
    const direct = await linkIn('ML-1', 'refines', { kind: 'requirement', id: 'SYS-1' });
    // a requirement that satisfies another is not below it
    await linkIn('ML-1', 'satisfies', { kind: 'requirement', id: 'SYS-1' });
    const impact = await own.call('trace.impact', { requirement: 'SYS-1' });
    expect(impact.affected.map((i) => [i.node.id, i.via.join('>'), i.depth, i.link, i.label])).toEqual([
      ['ML-1', 'refines', 1, direct.id, 'ML-1 Churn classifier'],
      ['SW-1', 'refines', 1, sw.id, 'SW-1 Churn score'],
    ]);
    await own.call('trace.unlink', { link: direct.id });
    expect(await below('SYS-1')).toEqual(['requirement:SW-1 refines 1', 'requirement:ML-1 refines>derived-from 2']);
    await own.call('trace.unlink', { link: sw.id });
    expect(await below('SYS-1')).toEqual([]);
    expect(await below('SW-1')).toEqual(['requirement:ML-1 derived-from 1']);
    expect((await own.call('trace.impact', { requirement: 'SW-1' })).affected[0].link).toBe(ml.id);
  });

  it("describes its links with their own criteria and last reviews, not other links' or other requirements'", async () => {
    const checked = await linkIn('SW-1', 'verifies', own.targets.evaluation);
    const other = await linkIn('SW-1', 'verifies', own.targets.driftReport);
    const elsewhere = await linkIn('ML-1', 'verifies', own.targets.evaluation);
    await own.call('trace.setCriteria', { requirement: 'SW-1', criteria: ['recall >= 0.9'] });
    editRequirement(own.project.store, 'SW-1', { text: 'The software shall score every customer of the prod dataset hourly.' });
    editRequirement(own.project.store, 'ML-1', { text: 'The churn classifier shall reach an accuracy of at least 0.85 on prod data.' });
    await own.call('trace.clear', { link: checked.id, reason: 'hourly scoring is still measured by this evaluation' });
    await own.call('trace.clear', { link: elsewhere.id, reason: 'the classifier is still measured by this evaluation' });
    const links = new Map((await own.call('trace.impact', { requirement: 'SW-1' })).links.map((l) => [l.id, l]));
    expect(links.get(checked.id)).toMatchObject({ status: 'no-evidence', criteria: [{ status: 'no-evidence' }], reviewed: { action: 'cleared', reason: 'hourly scoring is still measured by this evaluation' } });
    expect(links.get(other.id)).toMatchObject({ status: 'suspect', reviewed: null });
    expect(links.has(elsewhere.id)).toBe(false);
    const theirs = (await own.call('trace.impact', { requirement: 'ML-1' })).links.find((l) => l.id === elsewhere.id);
    expect(theirs).toMatchObject({ status: 'ok', criteria: [], reviewed: { reason: 'the classifier is still measured by this evaluation' } });
  });

  it('finds the same last reviews and criteria whether it looks a few links up or reads them all at once', () => {
    const db = own.project.store.db;
    const links = new TraceLinksRepo(db).live();
    const unknown = Array.from({ length: ID_LOOKUP_LIMIT }, (_, i) => `lnk-${String(i).padStart(16, '0')}`);
    const few = new TraceLinksRepo(db).lastReviews(links.map((l) => l.id));
    expect(few.size).toBe(2);
    const many = new TraceLinksRepo(db).lastReviews([...links.map((l) => l.id), ...unknown]);
    expect([...many].filter(([id]) => few.has(id))).toEqual([...few]);
    const criteria = new RequirementCriteriaRepo(db);
    expect([...criteria.currentOf(['SW-1', 'ML-1']).keys()]).toEqual(['SW-1']);
    expect(criteria.currentOf(['ML-1']).size).toBe(0);
    expect(criteria.currentOf(['ML-1', ...unknown]).get('SW-1')).toEqual(criteria.currentOf(['SW-1']).get('SW-1'));
  });
});

describe('a lineage too large to show', () => {
  it('is walked up to MAX_LINEAGE_EDGES and the report says it was truncated', async () => {
    const { modelVersion } = await tp.nextModelVersion();
    await link('SW-1', 'satisfies', { kind: 'model_version', id: modelVersion });
    const store = tp.project.store;
    const lineage = new LineageRepo(store.db);
    const at = store.now().toISOString();
    // more evaluations of one model version than one answer may carry
    store.mutate({ action: 'test.lineage', target: `model_version:${modelVersion}`, details: {} }, () => {
      for (let i = 0; i <= MAX_LINEAGE_EDGES; i++) lineage.link({ kind: 'model_version', id: modelVersion }, 'evaluated', { kind: 'evaluation', id: `eval-${String(i).padStart(16, '0')}` }, at);
    });
    const impact = await tp.call('trace.impact', { requirement: 'SW-1' });
    expect(impact.truncated).toBe(true);
    // the nearest first: the linked model version itself is kept
    expect(impact.affected).toHaveLength(MAX_LINEAGE_EDGES);
    expect(impact.affected[0]).toMatchObject({ depth: 1 });
    expect(impact.affected.some((i) => i.node.id === modelVersion)).toBe(true);
  });
});
