// `airlock trace standards, clauses, map-clause` in a child process, as a pipeline runs them, on a real project
// (traceProject): a confirmed evaluation covers its clause in the gap report; a bad clause fails in one line.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClauseCoverageReport } from '../../shared/standards';
import { cliOutput, oneLineFailure, sharedDataCli } from '../test-support/run-cli';
import { traceProject } from '../test-support/trace-project';

const { airlock } = sharedDataCli();
let dir = '';
let evaluation = '';

beforeAll(async () => {
  const p = await traceProject();
  dir = p.dir;
  evaluation = p.evaluation;
  await p.close();
});

describe('airlock trace clauses', () => {
  it('confirms an evaluation as evidence for a clause by eval:ID, and the gap report at a level shows it covered', async () => {
    expect(cliOutput(await airlock('trace', 'map-clause', 'iec62304', '5.7', `eval:${evaluation}`, '--reason', 'system test', '--project', dir))).toBe(`iec62304 5.7: scoring:${evaluation} confirmed\n`);
    const report = JSON.parse(cliOutput(await airlock('trace', 'clauses', '--standard', 'iec62304', '--level', 'B', '--project', dir, '--json'))) as ClauseCoverageReport;
    expect(report.level).toBe('B');
    expect(report.clauses.find((c) => c.clause === '5.7')).toMatchObject({ status: 'covered', confirmed: [{ kind: 'scoring', id: evaluation }] });
  }, 60_000);

  it('lists the standards, and fails in one line on a clause the checklist does not have', async () => {
    expect(cliOutput(await airlock('trace', 'standards')).split('\n')[0]).toBe('STANDARD\tNAME\tLEVELS\tCLAUSES');
    expect(oneLineFailure(await airlock('trace', 'map-clause', 'iec62304', '99.9', 'req:SYS-1', '--reject', '--project', dir))).toMatch(/no clause '99\.9'/);
  }, 60_000);
});
