// The job kinds that run in a child process instead of a worker thread: native code (ONNX inference, a GPU driver)
// whose crash must fail the job, not the app. Every other kind runs in a worker thread.
export interface ProcessJobKind {
  /** the child's heap cap in MB (default: the worker threads' cap); see ProcessLimits */
  memoryMb?: number;
}

export const processJobKinds: Readonly<Record<string, ProcessJobKind>> = {
  // scores the monitored model through onnxruntime; the worker threads' heap cap (half the machine) serves it too
  'drift.report': {},
  // the process executor's own tests: a small cap so that a memory hog is stopped in a second or two
  'test.crash': { memoryMb: 256 },
  // the network guard's proof test, from inside a job's child process
  'test.network-process': {},
};
