// `airlock trace criteria` on a real project (traceProject) whose ML-1 is linked to a real scoring evaluation: in this
// process (a child process costs seconds a call), and the refusal once as a pipeline sees it, in a child process.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RequirementCriteriaInfo, TraceLinkInfo } from '../../shared/trace';
import { inProcessCli } from '../test-support/in-process-cli';
import { cliJson, oneLineFailure, sharedDataCli, type CliRun } from '../test-support/run-cli';
import { traceProject, type TraceProject } from '../test-support/trace-project';

const { airlock } = sharedDataCli();
const cli = inProcessCli();
let p: TraceProject;

beforeAll(async () => {
  p = await traceProject();
  await p.call('trace.link', { requirement: 'ML-1', target: p.targets.evaluation, type: 'evaluated-by' });
  await p.close();
}, 60_000);

/** `airlock trace ...args --project` on the project, in this process */
const trace = (...args: string[]): Promise<CliRun> => cli('trace', ...args, '--project', p.dir);

describe('airlock trace criteria', () => {
  it('sets criteria, shows each with its verdict and reason, marks the link failing, and clears them', async () => {
    const set = cliJson<RequirementCriteriaInfo>(await trace('criteria', 'ML-1', '--set', 'accuracy>=0.95 on dataset prod', 'accuracy >= 0.99', 'recall >= 0.9', '--json'));
    expect(set.criteria.map((c) => [c.text, c.result.status])).toEqual([
      ['accuracy >= 0.95 on dataset prod', 'pass'],
      ['accuracy >= 0.99', 'fail'],
      ['recall >= 0.9', 'no-evidence'],
    ]);
    expect(set.status).toBe('fail');

    const shown = await trace('criteria', 'ML-1');
    expect(shown.code).toBe(0);
    const lines = shown.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ML-1: fail \(set \d{4}-\d\d-\d\dT.+ by .+\)$/);
    expect(lines.slice(1)).toEqual([
      'STATUS\tCRITERION\tREASON',
      `pass\taccuracy >= 0.95 on dataset prod\taccuracy 0.966667 >= 0.95 on prod@2 (${p.evaluation})`,
      `fail\taccuracy >= 0.99\taccuracy 0.966667 < 0.99 on prod@2 (${p.evaluation})`,
      'no-evidence\trecall >= 0.9\tno evidence measures recall',
    ]);
    const links = cliJson<TraceLinkInfo[]>(await trace('links', '--requirement', 'ML-1', '--json'));
    expect(links.map((l) => [l.target.id, l.status])).toEqual([[p.evaluation, 'failing']]);

    expect((await trace('criteria', 'ML-1', '--clear')).stdout).toBe('ML-1 has no acceptance criteria\n');
    expect(cliJson<TraceLinkInfo[]>(await trace('links', '--requirement', 'ML-1', '--json'))[0].status).toBe('ok');
  });

  it('fails in one line, exit 1, naming the criterion, column and word it cannot read', async () => {
    const line = oneLineFailure(await airlock('trace', 'criteria', 'ML-1', '--set', 'accuracy >= 0.9', 'recall is high', '--project', p.dir));
    expect(line).toMatch(/criterion 2: acceptance criterion: expected a comparison \(>=, <=, >, <\), found 'is' at column 8/);
    expect(oneLineFailure(await trace('criteria', 'ML-1', '--set', 'recall >= 0.9', '--clear'))).toMatch(/Give --set or --clear, not both/);
    expect(oneLineFailure(await trace('criteria', 'NOPE-1'))).toMatch(/No requirement 'NOPE-1'/);
  }, 30_000);
});
