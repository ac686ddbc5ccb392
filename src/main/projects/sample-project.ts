// Creates (or reopens) the sample project: the generated sample tables imported version by version through the
// job runner, exactly as a user's import runs, then a few training runs, so a first-time user sees datasets,
// versions, a diff and experiments to compare at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProjectInfo } from '../../shared/domain';
import { AppFailure } from '../../shared/errors';
import type { Workbench } from '../app';
import { sampleTables } from '../samples/sample-data';
import { ProjectStore } from '../store/project-store';

export const SAMPLE_PROJECT_DIR = 'sample-project';

export async function openSampleProject(app: Workbench, dir: string = path.join(app.dataDir, SAMPLE_PROJECT_DIR)): Promise<ProjectInfo> {
  const info = ProjectStore.isProject(dir) ? await app.openProject(dir) : await app.createProject(dir);
  await importMissingVersions(app);
  await trainSampleRuns(app);
  return info;
}

/** the runs a new sample project starts with: three models on the lab data, one text classifier */
const SAMPLE_RUNS = [
  { dataset: 'lab-measurements', version: 1, target: 'label', model: 'logreg' },
  { dataset: 'lab-measurements', version: 1, target: 'label', model: 'gbdt' },
  { dataset: 'lab-measurements', version: 1, target: 'label', model: 'mlp', params: { max_iter: 30 } },
  { dataset: 'support-tickets', version: 1, target: 'category', model: 'logreg' },
] as const;

async function trainSampleRuns(app: Workbench): Promise<void> {
  const project = app.requireProject();
  if (project.experiments.query({ offset: 0, limit: 1, columns: [] }).total > 0) return;
  const jobs = SAMPLE_RUNS.map((r) =>
    project.jobs.submit('train', `Sample run: ${r.model} on ${r.dataset}`, { request: { ...r, experiment: 'Sample', name: `sample ${r.model} (${r.dataset})` } }),
  );
  for (const job of jobs) {
    const done = await project.jobs.wait(job.id);
    if (done.state !== 'succeeded') throw new AppFailure(done.error ?? { code: 'INTERNAL', message: `The sample run ${job.title} ended ${done.state}.` });
  }
}

/**
 * Imports every sample version the project lacks, in order. On a fresh project that is all of them; on a sample
 * project whose making was cut short (app killed, disk full) it finishes the job instead of showing half a sample.
 */
async function importMissingVersions(app: Workbench): Promise<void> {
  const project = app.requireProject();
  const present = new Map(project.datasets.list().map((d) => [d.name, d.versionCount]));
  const missing = sampleTables().flatMap((t) => t.versions.slice(present.get(t.name) ?? 0).map((v) => ({ name: t.name, ...v })));
  if (missing.length === 0) return;

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-sample-'));
  try {
    for (const v of missing) {
      const file = path.join(tmp, v.fileName);
      fs.writeFileSync(file, v.csv);
      const job = project.jobs.submit('dataset.import', `Import sample ${v.fileName}`, { path: file, fileName: v.fileName, name: v.name });
      const done = await project.jobs.wait(job.id);
      if (done.state !== 'succeeded') {
        throw new AppFailure(done.error ?? { code: 'INTERNAL', message: `Importing the sample ${v.fileName} ended ${done.state}.` });
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
