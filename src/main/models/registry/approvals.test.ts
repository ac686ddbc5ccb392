import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ScoringBody } from '../../../shared/evaluations';
import { ModelVersionsRepo } from '../../store/model-versions-repo';
import { MonitoringRepo } from '../../store/monitoring-repo';
import type { ProjectStore } from '../../store/project-store';
import { errorOf } from '../../test-support/app-error-of';
import { tempDir, tempProject } from '../../test-support/temp-project';
import { UserProfiles } from '../../users/user-profiles';
import { storeEvaluation } from '../evaluations/store-evaluation';
import { linearRegressor, writeTestModel } from '../test-models';
import { approve, verifyApprovals, type ApproveRequest } from './approvals';
import { importModel } from './model-import';

const PASS = 'correct horse battery';

const scoring: ScoringBody = {
  kind: 'scoring',
  runtime: { provider: 'cpu', fallback: null, skippedOutputs: [] },
  output: 'holdout-scored@1',
  rows: 200,
  seconds: 0.1,
  metrics: { task: 'regression', target: 'y', rows: 200, metrics: { rmse: 0.42, mae: 0.31, r2: 0.87 } },
};

interface Setup {
  store: ProjectStore;
  profiles: UserProfiles;
  /** an evaluation of churn@2 */
  evaluation: string;
  /** bob's request to make churn@1 the champion */
  request: ApproveRequest;
}

/** alice registers churn@1 and churn@2 (two different files); bob has a profile of his own; churn@2 has a scoring evaluation. */
function setup(): Setup {
  const store = tempProject();
  const profiles = new UserProfiles(tempDir());
  const alice = profiles.create('alice', PASS);
  profiles.create('bob', PASS);
  const dir = tempDir();
  for (const [i, w] of [[1, 0.5], [2, 0.75]] as const) {
    importModel(store, writeTestModel(dir, `churn-${i}.onnx`, linearRegressor([w, -w], 0.1)), { name: 'churn', author: 'alice', authorFingerprint: alice.fingerprint });
  }
  const evaluation = storeEvaluation(store, { title: 'holdout', modelVersion: 'churn@2', datasetVersion: null, body: scoring }, 'alice').id;
  return { store, profiles, evaluation, request: { ref: 'churn@1', alias: 'champion', user: 'bob', passphrase: PASS, reason: 'first model in production', evidence: [] } };
}

const count = (store: ProjectStore, table: string): number => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Everything an approval writes, to show a refused one wrote none of it. */
const footprint = (store: ProjectStore): number[] => ['model_approvals', 'model_aliases', 'users', 'lineage_edges', 'audit_log'].map((t) => count(store, t));

describe('four-eyes approvals', () => {
  it('a second person approves a version for an alias: the alias points at it, the key is recorded, and it verifies', () => {
    const { store, profiles, request } = setup();
    const bob = profiles.get('bob');
    const a = approve(store, profiles, request);
    expect(a).toMatchObject({ id: expect.stringMatching(/^appr-[0-9a-f]{16}$/), model: 'churn', version: 1, alias: 'champion', previousVersion: null, approver: 'bob', approverFingerprint: bob.fingerprint });
    expect(a.versionHash).toBe(new ModelVersionsRepo(store.db).get('churn@1')!.hash);
    expect(new ModelVersionsRepo(store.db).resolve('churn@champion').version).toBe(1);
    expect(store.db.prepare('SELECT name, public_key AS publicKey FROM users').all()).toEqual([{ name: 'bob', publicKey: bob.publicKey }]);
    expect(verifyApprovals(store)).toEqual({ checked: 1, ok: true, firstBad: null, approvals: [{ id: a.id, model: 'churn', version: 1, alias: 'champion', approver: 'bob', ok: true }] });
  });

  it('records the approval and the alias move in the audit log, and the version and cited evaluation in lineage', () => {
    const { store, profiles, request, evaluation } = setup();
    const first = approve(store, profiles, request);
    const second = approve(store, profiles, { ...request, ref: 'churn@2', reason: 'lower rmse on the holdout', evidence: [evaluation] });
    expect(second.previousVersion).toBe(1);
    const [move, approval] = store.audit.list(2);
    expect(approval).toMatchObject({
      action: 'model.approve',
      target: `approval:${second.id}`,
      details: { model: 'churn', alias: 'champion', from: 1, to: 2, approver: 'bob', evidence: [{ id: evaluation, kind: 'scoring', sha256: second.evidence[0]!.sha256, about: ['churn@2'] }], keyRecorded: false },
    });
    expect(move).toMatchObject({ action: 'model.alias.move', target: 'model:churn', details: { alias: 'champion', from: 1, to: 2, approval: second.id } });
    expect(store.audit.list(5).find((e) => e.target === `approval:${first.id}`)?.details).toMatchObject({ from: null, to: 1, keyRecorded: true });
    const edges = store.db.prepare("SELECT from_id AS 'from', relation, to_id AS 'to' FROM lineage_edges WHERE to_kind = 'approval' ORDER BY from_kind, from_id").all();
    expect(edges).toEqual([
      { from: evaluation, relation: 'cited_by', to: second.id },
      { from: 'churn@1', relation: 'approved_as', to: first.id },
      { from: 'churn@2', relation: 'approved_as', to: second.id },
    ]);
    expect(verifyApprovals(store)).toMatchObject({ checked: 2, ok: true });
  });

  it('NAME@ALIAS names the version to approve: the challenger is promoted to champion', () => {
    const { store, profiles, request } = setup();
    approve(store, profiles, { ...request, ref: 'churn@2', alias: 'challenger' });
    const promoted = approve(store, profiles, { ...request, ref: 'churn@challenger', alias: 'champion' });
    expect(promoted).toMatchObject({ version: 2, alias: 'champion', previousVersion: null });
    expect(new ModelVersionsRepo(store.db).resolve('churn@champion').id).toBe('churn@2');
  });

  it('a drift report is cited by the hash of its stored report', () => {
    const { store, profiles, request } = setup();
    const blob = store.blobs.put(new TextEncoder().encode('{"drift":false}'));
    store.mutate({ action: 'test.report', target: 'drift_report:drift-1' }, () =>
      new MonitoringRepo(store.db).insertReport({
        id: 'drift-1', name: 'sales', createdAt: '2026-11-28T00:00:00.000Z', reference: 'sales@1', current: 'sales@2', model: 'churn@1',
        monitorId: null, share: 0, datasetDrift: false, windows: 0, blob, createdBy: 'alice',
      }),
    );
    const a = approve(store, profiles, { ...request, evidence: ['drift-1'] });
    expect(a.evidence).toEqual([{ id: 'drift-1', kind: 'drift', sha256: blob }]);
    expect(verifyApprovals(store).ok).toBe(true);
  });

  it('the author cannot approve their own version: FOUR_EYES, and nothing is stored or audited', () => {
    const { store, profiles, request } = setup();
    const before = footprint(store);
    const e = errorOf(() => approve(store, profiles, { ...request, user: 'alice' }));
    expect(e).toMatchObject({ code: 'FOUR_EYES', where: { field: 'user' } });
    expect(e.message).toBe('alice cannot approve churn@1: alice registered churn@1, and a version needs a second person\'s approval.');
    expect(footprint(store)).toEqual(before);
  });

  it("the author's key cannot approve under another author name either: four eyes holds by key too", () => {
    const { store, profiles, request } = setup();
    const bob = profiles.get('bob');
    const file = writeTestModel(tempDir(), 'churn-3.onnx', linearRegressor([1, 1], 0));
    importModel(store, file, { name: 'churn', author: 'release-bot', authorFingerprint: bob.fingerprint });
    const e = errorOf(() => approve(store, profiles, { ...request, ref: 'churn@3' }));
    expect(e).toMatchObject({ code: 'FOUR_EYES', message: `bob cannot approve churn@3: bob's key (${bob.fingerprint.slice(0, 16)}) registered churn@3 as release-bot, and a version needs a second person's approval.` });
  });

  it('a wrong passphrase is refused with BAD_PASSPHRASE and stores nothing', () => {
    const { store, profiles, request } = setup();
    const before = footprint(store);
    expect(errorOf(() => approve(store, profiles, { ...request, passphrase: 'not the passphrase' })).code).toBe('BAD_PASSPHRASE');
    expect(footprint(store)).toEqual(before);
  });

  it('unknown evidence is refused naming its id, and stores nothing', () => {
    const { store, profiles, request, evaluation } = setup();
    const before = footprint(store);
    const e = errorOf(() => approve(store, profiles, { ...request, evidence: [evaluation, 'eval-0000000000000000'] }));
    expect(e).toMatchObject({ code: 'BAD_INPUT', where: { field: 'evidence' } });
    expect(e.message).toContain("'eval-0000000000000000'");
    expect(footprint(store)).toEqual(before);
  });

  it('approving the version an alias already points at is refused as no move', () => {
    const { store, profiles, request } = setup();
    approve(store, profiles, request);
    const before = footprint(store);
    expect(errorOf(() => approve(store, profiles, request))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'alias' } });
    expect(footprint(store)).toEqual(before);
  });
});

describe('verifying approvals', () => {
  /** Runs sql on the store's database with `trigger` dropped, as someone editing the file by hand would. */
  function tamper(store: ProjectStore, trigger: string, sql: string, ...args: string[]): void {
    const create = (store.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(trigger) as { sql: string }).sql;
    store.db.exec(`DROP TRIGGER ${trigger}`);
    store.db.prepare(sql).run(...args);
    store.db.exec(create);
  }

  it('an approval row edited after signing fails with it named as the first bad; later ones still check', () => {
    const { store, profiles, request } = setup();
    const first = approve(store, profiles, request);
    const second = approve(store, profiles, { ...request, ref: 'churn@2' });
    tamper(store, 'model_approvals_immutable', 'UPDATE model_approvals SET reason = ? WHERE id = ?', 'approved by the board', first.id);
    const v = verifyApprovals(store);
    expect(v.ok).toBe(false);
    expect(v.firstBad).toMatchObject({ id: first.id, ok: false, problem: expect.stringMatching(/^its signature does not verify under bob's key \([0-9a-f]{16}\): the approval was altered$/) });
    expect(v.approvals.map((c) => [c.id, c.ok])).toEqual([[first.id, false], [second.id, true]]);
  });

  it('an evaluation report changed on disk fails the approval that cites it', () => {
    const { store, profiles, request, evaluation } = setup();
    const a = approve(store, profiles, { ...request, evidence: [evaluation] });
    const file = store.blobs.pathOf(a.evidence[0]!.sha256);
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('0.42', '0.12'));
    expect(verifyApprovals(store).firstBad).toMatchObject({ id: a.id, problem: `the evidence ${evaluation}'s stored file no longer matches its hash ${a.evidence[0]!.sha256.slice(0, 16)}: it was changed on disk` });
  });

  it('a version whose hash was rewritten fails the approval of it', () => {
    const { store, profiles, request } = setup();
    const a = approve(store, profiles, request);
    tamper(store, 'model_versions_immutable', 'UPDATE model_versions SET hash = ? WHERE id = ?', 'f'.repeat(64), 'churn@1');
    expect(verifyApprovals(store).firstBad).toMatchObject({ id: a.id, problem: `churn@1's hash is now ${'f'.repeat(16)}, not the ${a.versionHash.slice(0, 16)} that was approved` });
  });

  it('an approved ONNX file changed on disk fails the approval of its version', () => {
    const { store, profiles, request } = setup();
    const a = approve(store, profiles, request);
    const file = store.blobs.pathOf(a.versionHash);
    fs.chmodSync(file, 0o644);
    fs.appendFileSync(file, Buffer.from([0]));
    expect(verifyApprovals(store).firstBad).toMatchObject({ id: a.id, problem: `churn@1's stored file no longer matches its hash ${a.versionHash.slice(0, 16)}: it was changed on disk` });
  });

  it('an alias pointed back at an older approval (which the triggers allow) fails the newest approval of it', () => {
    const { store, profiles, request } = setup();
    const first = approve(store, profiles, request);
    const second = approve(store, profiles, { ...request, ref: 'churn@2' });
    store.db.prepare("UPDATE model_aliases SET version = 1, approval_id = ? WHERE model = 'churn' AND alias = 'champion'").run(first.id);
    expect(verifyApprovals(store).firstBad).toMatchObject({
      id: second.id,
      problem: `it is the newest approval of churn@champion (version 2), but the alias points at version 1 by approval ${first.id}`,
    });
  });

  it('an approval deleted from the history breaks the next one of the same alias', () => {
    const { store, profiles, request } = setup();
    const first = approve(store, profiles, request);
    const second = approve(store, profiles, { ...request, ref: 'churn@2' });
    tamper(store, 'model_approvals_no_delete', 'DELETE FROM model_approvals WHERE id = ?', first.id);
    expect(verifyApprovals(store).firstBad).toMatchObject({ id: second.id, problem: 'it moved champion from version 1, but no approval before it had set the alias' });
  });
});
