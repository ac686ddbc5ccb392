import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliSession } from '../cli/session';
import { tempDir } from '../test-support/temp-project';
import { sourceName } from './source-name';

describe('recorded source name of an import', () => {
  it('keeps only the base name after either separator, without control characters, capped at 120 characters', () => {
    expect(sourceName('../../etc/passwd')).toBe('passwd');
    expect(sourceName('C:\\Users\\ada\\assays.csv')).toBe('assays.csv');
    expect(sourceName('a.csv\n2026-01-01 admin deleted the audit log')).toBe('a.csv2026-01-01 admin deleted the audit log');
    expect(sourceName('evil\u202Evsc.exe')).toBe('evilvsc.exe');
    expect(sourceName('x'.repeat(300))).toBe('x'.repeat(120));
    expect(sourceName('../')).toBe('unnamed file');
    expect(sourceName('..')).toBe('unnamed file');
  });

  it('records a sanitised base name when datasets.import is given a fileName with ../ and a newline', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'data.csv');
    fs.writeFileSync(csv, 'a,b\n1,x\n2,y\n');
    const s = new CliSession({ dataDir: path.join(dir, 'data') });
    await s.app.createProject(path.join(dir, 'project'));
    try {
      const forged = '../../outside/report.csv\nseq 99 admin approved model v7';
      const { jobId } = await s.call('datasets.import', { source: { kind: 'path', path: csv }, name: 'assays', fileName: forged });
      const job = await s.call('jobs.wait', { id: jobId });
      expect(job.state).toBe('succeeded');
      expect(job.title).toBe('Import report.csvseq 99 admin approved model v7 as assays');
      const [version] = await s.call('datasets.versions', { dataset: 'assays' });
      expect(version.sourceName).toBe('report.csvseq 99 admin approved model v7');
      const [entry] = await s.call('audit.list', { limit: 10 }).then((log) => log.filter((e) => e.action === 'dataset.import'));
      expect(entry.details).toMatchObject({ source: 'report.csvseq 99 admin approved model v7' });
    } finally {
      await s.close();
    }
  });
});
