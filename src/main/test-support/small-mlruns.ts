// Test support: the smallest mlruns folder MLflow's file store writes, made fresh in a temp folder for each call.
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-project';

const T0 = 1_700_000_000_000;

/** The id of the one run in smallMlruns(): its folder is `<root>/0/<id>`. */
export const SMALL_RUN_ID = 'ab'.repeat(16);

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Experiment 0 ("Default") with one finished run "small": param lr=0.1, metric loss at steps 0 and 1 (0.5, 0.25), artifact notes.txt. Returns the mlruns folder. */
export function smallMlruns(): string {
  const root = path.join(tempDir('mlruns-'), 'mlruns');
  write(path.join(root, '0', 'meta.yaml'), `artifact_location: file://${root}/0\ncreation_time: ${T0}\nexperiment_id: '0'\nlifecycle_stage: active\nname: Default\n`);
  const run = path.join(root, '0', SMALL_RUN_ID);
  write(
    path.join(run, 'meta.yaml'),
    `artifact_uri: file://${run}/artifacts\nend_time: ${T0 + 1000}\nexperiment_id: '0'\nlifecycle_stage: active\nrun_id: ${SMALL_RUN_ID}\nrun_name: small\nrun_uuid: ${SMALL_RUN_ID}\nstart_time: ${T0}\nstatus: 3\nuser_id: ada\n`,
  );
  write(path.join(run, 'params', 'lr'), '0.1');
  write(path.join(run, 'metrics', 'loss'), `${T0} 0.5 0\n${T0 + 1} 0.25 1\n`);
  write(path.join(run, 'artifacts', 'notes.txt'), 'hello');
  return root;
}
