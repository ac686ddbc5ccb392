import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { tempDir, tempProject } from '../test-support/temp-project';
import { ExperimentsService } from './experiments-service';
import { importMlruns } from './mlflow-import';

const T0 = 1_700_000_000_000;
const RUN = 'ab'.repeat(16);

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** one experiment with one finished run, as MLflow's file store writes it */
function smallMlruns(): string {
  const root = path.join(tempDir('mlruns-'), 'mlruns');
  write(path.join(root, '0', 'meta.yaml'), `artifact_location: file://${root}/0\ncreation_time: ${T0}\nexperiment_id: '0'\nlifecycle_stage: active\nname: Default\n`);
  const run = path.join(root, '0', RUN);
  write(
    path.join(run, 'meta.yaml'),
    `artifact_uri: file://${run}/artifacts\nend_time: ${T0 + 1000}\nexperiment_id: '0'\nlifecycle_stage: active\nrun_id: ${RUN}\nrun_name: small\nrun_uuid: ${RUN}\nstart_time: ${T0}\nstatus: 3\nuser_id: ada\n`,
  );
  write(path.join(run, 'params', 'lr'), '0.1');
  write(path.join(run, 'metrics', 'loss'), `${T0} 0.5 0\n`);
  fs.mkdirSync(path.join(run, 'artifacts'));
  return root;
}

describe('MLflow export', () => {
  it('records every export in the audit log with what it wrote and where', () => {
    const store = tempProject();
    importMlruns(store, smallMlruns());
    const out = path.join(tempDir(), 'exported');
    const summary = new ExperimentsService(store).exportMlflow(out, undefined, out);
    expect(fs.existsSync(path.join(out, '0'))).toBe(true);
    const entry = store.audit.list(10).find((e) => e.action === 'mlflow.export');
    expect(entry).toMatchObject({ target: `mlruns:${out}`, details: { ...summary, destination: out, experiment: null } });
    store.close();
  });

  it('writes nothing and records nothing over a folder that is not empty', () => {
    const store = tempProject();
    importMlruns(store, smallMlruns());
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
    expect(() => new ExperimentsService(store).exportMlflow(out, undefined, 'out')).toThrow(AppFailure);
    expect(fs.readdirSync(out)).toEqual(['keep.txt']);
    expect(store.audit.list(10).some((e) => e.action === 'mlflow.export')).toBe(false);
    store.close();
  });
});
