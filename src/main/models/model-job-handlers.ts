// Handlers that start the model jobs (scoring, benchmark, comparison, explanation, fairness): each runs in a child
// process, and its result arrives with the job. The model is resolved here first, so a wrong name fails at once.
import type { HandlerMap } from '../handler-types';
import type { OpenProject } from '../app';
import { ModelVersionsRepo } from '../store/model-versions-repo';
import { thresholdsOf } from './explanation/fairness-thresholds';

/** NAME@VERSION for the title; NOT_FOUND now, at the request's `field`, rather than from inside the job. */
const resolved = (project: OpenProject, ref: string, field = 'model'): string => new ModelVersionsRepo(project.store.db).resolve(ref, field).id;

export const modelJobHandlers: HandlerMap<'models.score' | 'models.bench' | 'models.compare' | 'models.explain' | 'models.fairness'> = {
  'models.score': (request, { app }) => {
    const project = app.requireProject();
    const title = `Score ${request.dataset.dataset}@${request.dataset.version} with ${resolved(project, request.model)}`;
    return { jobId: project.jobs.submit('model.score', title, request).id };
  },
  'models.bench': (request, { app }) => {
    const project = app.requireProject();
    return { jobId: project.jobs.submit('model.bench', `Benchmark ${resolved(project, request.model)}`, request).id };
  },
  'models.compare': (request, { app }) => {
    const project = app.requireProject();
    const title = `Compare ${resolved(project, request.champion, 'champion')} with ${resolved(project, request.challenger, 'challenger')} on ${request.dataset.dataset}@${request.dataset.version}`;
    return { jobId: project.jobs.submit('model.compare', title, request).id };
  },
  'models.explain': (request, { app }) => {
    const project = app.requireProject();
    const title = `Explain ${resolved(project, request.model)} (${request.method}) on ${request.dataset.dataset}@${request.dataset.version}`;
    return { jobId: project.jobs.submit('model.explain', title, request).id };
  },
  'models.fairness': (request, { app }) => {
    const project = app.requireProject();
    // a misspelt threshold is refused now, not after the model has scored every row
    thresholdsOf(request.thresholds ?? {});
    const title = `Fairness of ${resolved(project, request.model)} by ${request.sensitive} on ${request.dataset.dataset}@${request.dataset.version}`;
    return { jobId: project.jobs.submit('model.fairness', title, request).id };
  },
};
