import Database from 'better-sqlite3';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalInfo, ApprovalVerification } from '../../shared/models';
import { storeEvaluation } from '../models/evaluations/store-evaluation';
import { importModel } from '../models/registry/model-import';
import { linearRegressor, writeTestModel } from '../models/test-models';
import { DB_FILE } from '../store/project-store';
import { oneLineFailure, sharedDataCli } from '../test-support/run-cli';
import { tempDir, tempProject } from '../test-support/temp-project';
import { UserProfiles } from '../users/user-profiles';

const PASS = 'correct horse battery';
/** The real CLI in a child process, as a pipeline runs it: one data folder (alice and bob), the passphrase from the environment. */
const { dataDir, airlock } = sharedDataCli({ AIRLOCK_PASSPHRASE: PASS });

let project = '';
let evaluation = '';

/** alice registered churn@1 and churn@2; churn@1 has a scoring evaluation; bob is a second local user. */
beforeAll(() => {
  const profiles = new UserProfiles(dataDir);
  const alice = profiles.create('alice', PASS);
  profiles.create('bob', PASS);
  const store = tempProject();
  project = store.dir;
  const dir = tempDir();
  for (const [i, w] of [[1, 0.5], [2, 0.75]] as const) {
    importModel(store, writeTestModel(dir, `churn-${i}.onnx`, linearRegressor([w, -w], 0.1)), { name: 'churn', author: 'alice', authorFingerprint: alice.fingerprint });
  }
  evaluation = storeEvaluation(
    store,
    {
      title: 'holdout',
      modelVersion: 'churn@1',
      datasetVersion: null,
      body: {
        kind: 'scoring',
        runtime: { provider: 'cpu', fallback: null, skippedOutputs: [] },
        output: 'holdout-scored@1',
        rows: 200,
        seconds: 0.1,
        metrics: { task: 'regression', target: 'y', rows: 200, metrics: { rmse: 0.42 } },
      },
    },
    'alice',
  ).id;
  store.close();
});

describe('airlock model approve and verify-approvals', () => {
  it('a second user approves a version for an alias, citing an evaluation; verify-approvals then exits 0', async () => {
    const r = await airlock('model', 'approve', 'churn@1', '--alias', 'champion', '--as', 'bob', '--reason', 'lowest rmse', '--evidence', evaluation, '--project', project, '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const a = JSON.parse(r.stdout) as ApprovalInfo;
    expect(a).toMatchObject({ model: 'churn', version: 1, alias: 'champion', previousVersion: null, approver: 'bob', reason: 'lowest rmse', evidence: [{ id: evaluation, kind: 'scoring' }] });
    const v = await airlock('verify-approvals', '--project', project);
    expect(v).toMatchObject({ code: 0, stderr: '' });
    expect(v.stdout).toBe(`approvals intact: 1 checked\nok\t${a.id} (churn@1 as champion by bob)\t\n`);
  }, 20_000);

  it("the version's author is refused with FOUR_EYES in one line, and the alias stays where it was", async () => {
    const r = await airlock('model', 'approve', 'churn@2', '--alias', 'champion', '--as', 'alice', '--reason', 'my model is better', '--project', project);
    expect(oneLineFailure(r)).toBe("airlock: FOUR_EYES: alice cannot approve churn@2: alice registered churn@2, and a version needs a second person's approval. (field 'user')");
    const v = JSON.parse((await airlock('verify-approvals', '--project', project, '--json')).stdout) as ApprovalVerification;
    expect(v).toMatchObject({ checked: 1, ok: true, approvals: [{ version: 1, alias: 'champion' }] });
  }, 20_000);

  it('moving the alias again prints the move; after an approval row is edited verify-approvals exits 1 naming it', async () => {
    const moved = await airlock('model', 'approve', 'churn@2', '--alias', 'champion', '--as', 'bob', '--reason', 'retrained on March', '--project', project);
    expect(moved.stdout).toMatch(/^bob moved churn@champion from version 1 to version 2 \(approval appr-[0-9a-f]{16}, 0 evidence cited\)\n$/);
    const db = new Database(path.join(project, DB_FILE));
    db.exec('DROP TRIGGER model_approvals_immutable');
    const first = db.prepare('SELECT id FROM model_approvals WHERE version = 1').pluck().get() as string;
    db.prepare("UPDATE model_approvals SET reason = 'approved by the board' WHERE id = ?").run(first);
    db.close();
    const text = await airlock('verify-approvals', '--project', project);
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n')[0]).toMatch(new RegExp(`^approval ${first} \\(churn@1 as champion by bob\\) fails: its signature does not verify under bob's key`));
    const json = await airlock('verify-approvals', '--project', project, '--json');
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as ApprovalVerification).firstBad).toMatchObject({ id: first, ok: false });
    expect(json.stderr).toMatch(new RegExp(`^APPROVAL_INVALID: ${first}: its signature does not verify under bob's key \\([0-9a-f]{16}\\): the approval was altered\n$`));
  }, 30_000);
});
