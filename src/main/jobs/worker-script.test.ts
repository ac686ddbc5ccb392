import { fork } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { RunnerMessage, WorkerMessage } from './protocol';
import { tempDir, tempProject } from '../test-support/temp-project';
import { processScript } from './worker-script';

describe('the job process entry from source', () => {
  it('starts and finishes a job whatever folder the command was run in (tsx is found beside Airlock, not in the working folder)', async () => {
    const store = tempProject();
    const script = processScript();
    // a folder with no node_modules anywhere above it that could hold tsx
    const child = fork(script.file, [], { execArgv: script.execArgv, cwd: tempDir(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const start: RunnerMessage = { type: 'start', start: { jobId: 'job-1', kind: 'test.crash', input: { mode: 'sleep', steps: 2, stepMs: 5 }, projectDir: store.dir, appVersion: 'test', actor: 'tester@lab' }, memoryMb: 256 };
    child.send(start);
    const outcome = await new Promise<WorkerMessage | { exit: number | null }>((resolve) => {
      child.on('message', (m: WorkerMessage) => {
        if (m.type === 'done' || m.type === 'failed') resolve(m);
      });
      child.on('exit', (code) => resolve({ exit: code }));
    });
    child.kill();
    expect(outcome, stderr).toMatchObject({ type: 'done', result: { steps: 2 } });
  }, 30_000);
});
