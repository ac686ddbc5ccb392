// Child process for the concurrency test: commits N mutations that read before they write, as an import's commit
// does, and prints how many failed (and the first reason) as JSON.
import { ProjectStore } from '../store/project-store';

const [projectDir, count, actor] = process.argv.slice(2);
const store = ProjectStore.open(projectDir, { appVersion: 'test', actor });
const failures: string[] = [];
for (let i = 0; i < Number(count); i++) {
  try {
    store.mutate({ action: 'test.concurrent', target: `${actor}:${i}` }, () => {
      store.db.prepare('SELECT COUNT(*) FROM audit_log').get();
      // hold the read snapshot a moment, as real work between a read and a write does
      const until = Date.now() + 2;
      while (Date.now() < until);
    });
  } catch (e) {
    failures.push(e instanceof Error ? e.message : String(e));
  }
}
store.close();
process.stdout.write(`${JSON.stringify({ failed: failures.length, first: failures[0] ?? null })}\n`);
