import { describe, expect, it } from 'vitest';
import { tempProject } from '../../test-support/temp-project';
import { excerptProblems, logExcerpt } from './log-excerpt';

function project(entries: number) {
  const store = tempProject();
  for (let i = 0; i < entries; i++) store.mutate({ action: 'test.step', target: `step:${i}`, details: { i, note: 'ü "quoted"' } }, () => undefined);
  return store;
}

describe('the audit-log excerpt', () => {
  it('carries the newest entries oldest first, ending at the head, and its chain checks out', () => {
    const store = project(7);
    const all = logExcerpt(store.audit);
    expect(all.last).toBe(store.audit.head().seq);
    expect(all.entries).toBe(all.last);
    expect(excerptProblems(Buffer.from(all.bytes).toString('utf8'))).toEqual([]);
    const tail = logExcerpt(store.audit, 3);
    expect([tail.first, tail.last, tail.entries]).toEqual([all.last - 2, all.last, 3]);
    expect(excerptProblems(Buffer.from(tail.bytes).toString('utf8'))).toEqual([]);
  });

  it('names the line whose entry was edited, and the entry after one that was removed', () => {
    const lines = Buffer.from(logExcerpt(project(5).audit).bytes).toString('utf8').split('\n');
    const edited = [...lines];
    edited[2] = edited[2].replace('step:', 'stop:');
    expect(excerptProblems(edited.join('\n'))).toEqual([expect.stringMatching(/^audit-log\.jsonl line 3: entry 3's content does not give its hash$/)]);
    const removed = lines.filter((_, i) => i !== 1);
    expect(excerptProblems(removed.join('\n'))).toEqual(['audit-log.jsonl line 2: entry 3 follows entry 1']);
    expect(excerptProblems('{"seq":1}\nnot json')).toEqual(['audit-log.jsonl line 1 is not an audit log entry', 'audit-log.jsonl line 2 is not JSON']);
  });
});
