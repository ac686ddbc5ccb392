// Runs a job in a child process, for native code (ONNX inference, a GPU driver) whose crash must fail the job and
// not the app: same messages as a worker thread, Cancel by message then SIGKILL, a heap cap and a resident-memory
// watchdog, and the network guard installed first thing in the child (job-process.ts, which runs the job in a
// worker thread of its own so that its main thread is always free to notice Cancel or the runner's death).
import { fork } from 'node:child_process';
import fs from 'node:fs';
import type { AppError } from '../../shared/errors';
import type { ExecutionEvents, JobExecution, RunnerMessage, WorkerMessage, WorkerStart } from './protocol';
import { CANCEL_GRACE_MS, CANCELLED_BY_USER } from './thread-executor';
import { processScript } from './worker-script';

export interface ProcessLimits {
  /** the job's heap cap; the process's resident memory (heaps plus native buffers) may reach twice this plus 256 MB */
  memoryMb: number;
}

const WATCH_EVERY_MS = 250;

/** Resident memory of a process in MB, from /proc (Linux); null where that is not available. */
function residentMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function startInProcess(start: WorkerStart, limits: ProcessLimits, events: ExecutionEvents): JobExecution {
  const script = processScript();
  const child = fork(script.file, [], {
    execArgv: [...script.execArgv, `--max-old-space-size=${limits.memoryMb}`],
    // stdout is not ours to print on (a CLI prints JSON there); stderr is kept to tell a heap overflow from a crash
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const { cancelFlag: _flag, parentCancelFlags: _parents, ...processStart } = start;
  const send = (m: RunnerMessage): void => {
    if (child.connected) child.send(m);
  };
  send({ type: 'start', start: processStart, memoryMb: limits.memoryMb });

  let stderrTail = '';
  child.stderr?.on('data', (d: Buffer) => (stderrTail = (stderrTail + d.toString('utf8')).slice(-8192)));
  let settled = false;
  let exited = false;
  let cancelRequested = false;
  let overMemory = false;
  const rssLimitMb = limits.memoryMb * 2 + 256;
  const watchdog = setInterval(() => {
    const rss = child.pid === undefined ? null : residentMb(child.pid);
    if (rss !== null && rss > rssLimitMb) {
      overMemory = true;
      child.kill('SIGKILL');
    }
  }, WATCH_EVERY_MS);
  watchdog.unref();

  child.on('message', (m: WorkerMessage) => {
    if (settled) return;
    if (m.type === 'done' || m.type === 'failed') settled = true;
    events.message(m);
  });
  const exitedPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      clearInterval(watchdog);
      resolve();
      if (settled) return;
      settled = true;
      events.ended(exitReason(code, signal, { cancelRequested, overMemory, heapExhausted: /heap out of memory/i.test(stderrTail), memoryMb: limits.memoryMb }));
    });
  });
  child.on('error', (e) => {
    // Only a failed spawn or a failed send lands here; a spawn failure never reaches 'exit'.
    if (settled || child.pid !== undefined) return;
    settled = true;
    clearInterval(watchdog);
    events.ended({ code: 'JOB_CRASHED', message: `The job's process could not start: ${e.message}` });
  });

  return {
    cancel() {
      cancelRequested = true;
      send({ type: 'cancel' });
      setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, CANCEL_GRACE_MS).unref();
    },
    async stop() {
      if (exited || child.pid === undefined) return;
      child.kill('SIGKILL');
      await exitedPromise;
    },
  };
}

function exitReason(code: number | null, signal: NodeJS.Signals | null, seen: { cancelRequested: boolean; overMemory: boolean; heapExhausted: boolean; memoryMb: number }): AppError {
  if (seen.overMemory || seen.heapExhausted) {
    return { code: 'OUT_OF_MEMORY', message: `The job's process went over its memory limit (${seen.memoryMb} MB heap) and was stopped; Airlock kept running.`, hint: 'Use fewer rows or features, or a smaller model.' };
  }
  if (seen.cancelRequested) return CANCELLED_BY_USER;
  const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? '?'}`;
  return { code: 'JOB_CRASHED', message: `The job's process ${how} before reporting a result; Airlock kept running.` };
}
