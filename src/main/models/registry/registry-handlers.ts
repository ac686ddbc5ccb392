// Handlers for the model registry: models, versions, registration from a run, ONNX import, tags, descriptions,
// execution providers and stored evaluations.
import type { HandlerMap } from '../../handler-types';
import { EvaluationsRepo } from '../../store/evaluations-repo';
import { ModelVersionsRepo } from '../../store/model-versions-repo';
import { UserProfiles } from '../../users/user-profiles';
import { readEvaluation } from '../evaluations/store-evaluation';
import { detectProviders } from '../execution-providers';
import { importModel } from './model-import';
import { authorOf, getModel, listModels, registerRun, setDescription, setTag, versionDetail, versionInfo } from './registry-service';
import { requirementsTouchedByNewVersion } from '../../trace/impact/touched-by-new-version';

type RegistryChannels =
  | 'models.list' | 'models.get' | 'models.version' | 'models.register' | 'models.import' | 'models.setTag' | 'models.setDescription'
  | 'models.providers' | 'evaluations.list' | 'evaluations.get';

export const registryHandlers: HandlerMap<RegistryChannels> = {
  'models.list': (_input, { app }) => listModels(app.requireProject().store),
  'models.get': ({ name }, { app }) => getModel(app.requireProject().store, name),
  'models.version': ({ ref }, { app }) => versionDetail(app.requireProject().store, ref),
  'models.register': ({ run, name, description, as }, { app }) => {
    const store = app.requireProject().store;
    const info = versionInfo(store, registerRun(store, run, { name, description, ...authorOf(new UserProfiles(app.dataDir), as) }).version);
    app.traceChanged(requirementsTouchedByNewVersion(store, { kind: 'model_version', id: info.id }));
    return info;
  },
  'models.import': ({ source, name, fileName, description, as }, ctx) => {
    const src = ctx.resolveSource(source);
    // the import reads the file here, with no job, so an upload's staged copy is deleted as soon as it returns or refuses
    try {
      const options = { name, description, fileName: fileName ?? src.fileName, uploaded: source.kind === 'upload', ...authorOf(new UserProfiles(ctx.app.dataDir), as) };
      const store = ctx.app.requireProject().store;
      const imported = importModel(store, src.path, options);
      ctx.app.traceChanged(requirementsTouchedByNewVersion(store, { kind: 'model_version', id: imported.id }));
      return imported;
    } finally {
      src.release?.();
    }
  },
  'models.setTag': (input, { app }) => setTag(app.requireProject().store, input),
  'models.setDescription': (input, { app }) => setDescription(app.requireProject().store, input),
  'models.providers': () => detectProviders(),
  'evaluations.list': ({ model, dataset, kind }, { app }) => {
    const store = app.requireProject().store;
    const modelVersion = model === undefined ? undefined : new ModelVersionsRepo(store.db).resolve(model).id;
    return new EvaluationsRepo(store.db).list({ modelVersion, datasetVersion: dataset && `${dataset.dataset}@${dataset.version}`, kind });
  },
  'evaluations.get': ({ id }, { app }) => readEvaluation(app.requireProject().store, id),
};
