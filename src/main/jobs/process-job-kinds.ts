// The job kinds that run in a child process instead of a worker thread: native code (ONNX inference, a GPU driver)
// whose crash must fail the job, not the app. Every other kind runs in a worker thread.
import type { JobStart } from '../../shared/jobs';

export interface ProcessJobKind {
  /** the child's heap cap in MB (default: the worker threads' cap); see ProcessLimits */
  memoryMb?: number;
  /** for a kind whose native code only some inputs reach: whether this start needs the process (default: every start) */
  needsProcess?: (start: JobStart) => boolean;
}

const processJobKinds: Readonly<Record<string, ProcessJobKind>> = {
  // scores the monitored model through onnxruntime; a report without a model runs no native code, and a worker thread
  // spares it a second Node start. The worker threads' heap cap (half the machine) serves it either way.
  'drift.report': { needsProcess: (start) => start.kind === 'drift.report' && start.input.request.model !== undefined },
  // every model job runs an arbitrary ONNX file on a provider the user picked: a crash (a malformed model that gets
  // past inspection, a GPU driver fault) must fail the job only
  'model.score': {},
  'model.bench': {},
  'model.compare': {},
  'model.explain': {},
  'model.fairness': {},
  // the classifier runs through onnxruntime, like every model job
  'requirements.classify': {},
  'requirements.train': {},
  // the process executor's own tests: a small cap so that a memory hog is stopped in a second or two
  'test.crash': { memoryMb: 256 },
  // the network guard's proof test, from inside a job's child process
  'test.network-process': {},
};

/** The process settings of a start that must run in a child process, or null for a worker thread. */
export function processFor(start: JobStart): ProcessJobKind | null {
  const kind = Object.hasOwn(processJobKinds, start.kind) ? processJobKinds[start.kind] : undefined;
  if (!kind) return null;
  return (kind.needsProcess?.(start) ?? true) ? kind : null;
}
