// The classification channels: the classifier in use, classify and train (jobs in a child process), the stored
// verdicts, and a person's label.
import fs from 'node:fs';
import { sourceName } from '../../datasets/source-name';
import type { HandlerMap } from '../../handler-types';
import { RequirementsRepo } from '../../store/requirements-repo';
import { pickDocuments } from '../store/requirements-service';
import { classifierInfo, labelRequirement, storedClassifications } from './classifier-service';
import { readLabelsCsv } from './training-set';

export type ClassifierChannels = 'requirements.classifier' | 'requirements.classify' | 'requirements.classifications' | 'requirements.label' | 'requirements.train';

export const classifierHandlers: HandlerMap<ClassifierChannels> = {
  'requirements.classifier': (_input, { app }) => classifierInfo(app.requireProject().store),
  'requirements.classify': ({ document }, { app }) => {
    const project = app.requireProject();
    // an unknown document is refused now, not by the job
    const names = document === undefined ? 'every document' : pickDocuments(new RequirementsRepo(project.store.db), document).map((d) => d.name).join(', ');
    return { jobId: project.jobs.submit('requirements.classify', `Classify requirements: ${names}`, document === undefined ? {} : { document }).id };
  },
  'requirements.classifications': ({ document }, { app }) => storedClassifications(app.requireProject().store, document),
  'requirements.label': ({ id, label }, { app }) => labelRequirement(app.requireProject().store, id, label),
  'requirements.train': ({ labels, ...options }, ctx) => {
    const project = ctx.app.requireProject();
    const src = labels ? ctx.resolveSource(labels) : null;
    const fileName = src ? sourceName(src.fileName) : null;
    if (src && fileName) {
      // a broken file is refused now, in one line naming its line and field, before any job is queued
      try {
        readLabelsCsv(fs.readFileSync(src.path, 'utf8'), fileName);
      } catch (e) {
        src.release?.();
        throw e;
      }
    }
    const title = `Retrain the requirements classifier${fileName ? ` with ${fileName}` : ''}`;
    const job = project.jobs.submit('requirements.train', title, { options, ...(src && fileName ? { labels: { path: src.path, fileName } } : {}) });
    src?.consumedBy?.(job.id);
    return { jobId: job.id };
  },
};
