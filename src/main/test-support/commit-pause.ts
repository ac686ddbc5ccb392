// Test support, loaded (through commit-pause.preload.mjs, with --import) into the crash child and every job thread it
// starts: with AIRLOCK_TEST_PAUSE_COMMIT=<audit action>, a job thread whose mutate() of that action has written
// every row stops inside the still-open transaction, writes AIRLOCK_TEST_PAUSE_MARKER, and waits there to be killed.
// Nothing outside src/main/test-support reads these variables.
import fs from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';
import { ProjectStore } from '../store/project-store';

const action = process.env.AIRLOCK_TEST_PAUSE_COMMIT;
const marker = process.env.AIRLOCK_TEST_PAUSE_MARKER;

if (action && marker && !isMainThread) {
  const original = ProjectStore.prototype.mutate;
  ProjectStore.prototype.mutate = function pausingMutate<T>(this: ProjectStore, record: Parameters<typeof original<T>>[0], fn: () => T): T {
    return original.call<ProjectStore, [typeof record, () => T], T>(this, record, () => {
      const result = fn();
      const described = typeof record === 'function' ? record(result) : record;
      if (described.action === action) {
        fs.writeFileSync(marker, `${described.action} ${described.target} in thread ${threadId}\n`);
        // blocks this thread for good: the test kills the process while the transaction is open
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
      return result;
    });
  };
}
