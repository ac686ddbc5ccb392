// One zustand store per domain, built once for the host and handed to components through context.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { Host } from '../api';
import { createAcceptanceCriteriaStore, type AcceptanceCriteriaState } from './acceptance-criteria-store';
import { createAuditStore, type AuditState } from './audit-store';
import { createDatasetsStore, type DatasetsState } from './datasets-store';
import { createExperimentsStore, type ExperimentsState } from './experiments-store';
import { createEvaluationsStore, type EvaluationsState } from './evaluations-store';
import { createExportStore, type ExportState } from './export-store';
import { createJobsStore, type JobsState } from './jobs-store';
import { createModelsStore, type ModelsState } from './models-store';
import { createMonitoringStore, type MonitoringState } from './monitoring-store';
import { createProjectStore, type ProjectState } from './project-store';
import { createClassifierStore, type ClassifierState } from './classifier-store';
import { createRequirementsStore, type RequirementsState } from './requirements-store';
import { createRunsTableStore, type RunsTableState } from './runs-table-store';
import { createAuditPackageStore, type AuditPackageState } from './audit-package-store';
import { createTraceMatrixStore, type TraceMatrixState } from './trace-matrix-store';
import { createTraceReviewStore, type TraceReviewState } from './trace-review-store';
import { createTraceSuggestionsStore, type TraceSuggestionsState } from './trace-suggestions-store';

export interface Stores {
  project: StoreApi<ProjectState>;
  datasets: StoreApi<DatasetsState>;
  exports: StoreApi<ExportState>;
  jobs: StoreApi<JobsState>;
  audit: StoreApi<AuditState>;
  experiments: StoreApi<ExperimentsState>;
  runsTable: StoreApi<RunsTableState>;
  monitoring: StoreApi<MonitoringState>;
  evaluations: StoreApi<EvaluationsState>;
  models: StoreApi<ModelsState>;
  requirements: StoreApi<RequirementsState>;
  classifier: StoreApi<ClassifierState>;
  traceMatrix: StoreApi<TraceMatrixState>;
  traceReview: StoreApi<TraceReviewState>;
  traceSuggestions: StoreApi<TraceSuggestionsState>;
  acceptanceCriteria: StoreApi<AcceptanceCriteriaState>;
  auditPackage: StoreApi<AuditPackageState>;
}

export function createStores(host: Host): Stores {
  return {
    project: createProjectStore(host),
    datasets: createDatasetsStore(host),
    exports: createExportStore(host),
    jobs: createJobsStore(host),
    audit: createAuditStore(host),
    experiments: createExperimentsStore(host),
    runsTable: createRunsTableStore(host),
    monitoring: createMonitoringStore(host),
    evaluations: createEvaluationsStore(host),
    models: createModelsStore(host),
    requirements: createRequirementsStore(host),
    classifier: createClassifierStore(host),
    traceMatrix: createTraceMatrixStore(host),
    traceReview: createTraceReviewStore(host),
    traceSuggestions: createTraceSuggestionsStore(host),
    acceptanceCriteria: createAcceptanceCriteriaStore(host),
    auditPackage: createAuditPackageStore(host),
  };
}

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresProvider is missing above this component');
  return stores;
}

export const useProject = <T,>(selector: (state: ProjectState) => T): T => useStore(useStores().project, selector);
export const useDatasets = <T,>(selector: (state: DatasetsState) => T): T => useStore(useStores().datasets, selector);
export const useExports = <T,>(selector: (state: ExportState) => T): T => useStore(useStores().exports, selector);
export const useJobs = <T,>(selector: (state: JobsState) => T): T => useStore(useStores().jobs, selector);
export const useAudit = <T,>(selector: (state: AuditState) => T): T => useStore(useStores().audit, selector);
export const useExperiments = <T,>(selector: (state: ExperimentsState) => T): T => useStore(useStores().experiments, selector);
export const useRunsTable = <T,>(selector: (state: RunsTableState) => T): T => useStore(useStores().runsTable, selector);
export const useMonitoring = <T,>(selector: (state: MonitoringState) => T): T => useStore(useStores().monitoring, selector);
export const useEvaluations = <T,>(selector: (state: EvaluationsState) => T): T => useStore(useStores().evaluations, selector);
export const useModels = <T,>(selector: (state: ModelsState) => T): T => useStore(useStores().models, selector);
export const useRequirements = <T,>(selector: (state: RequirementsState) => T): T => useStore(useStores().requirements, selector);
export const useClassifier = <T,>(selector: (state: ClassifierState) => T): T => useStore(useStores().classifier, selector);
export const useTraceMatrix = <T,>(selector: (state: TraceMatrixState) => T): T => useStore(useStores().traceMatrix, selector);
export const useTraceReview = <T,>(selector: (state: TraceReviewState) => T): T => useStore(useStores().traceReview, selector);
export const useTraceSuggestions = <T,>(selector: (state: TraceSuggestionsState) => T): T => useStore(useStores().traceSuggestions, selector);
export const useAcceptanceCriteria = <T,>(selector: (state: AcceptanceCriteriaState) => T): T => useStore(useStores().acceptanceCriteria, selector);
export const useAuditPackage = <T,>(selector: (state: AuditPackageState) => T): T => useStore(useStores().auditPackage, selector);
