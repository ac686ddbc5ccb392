import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAppError } from '../../shared/errors';
import { errorOf } from '../test-support/app-error-of';
import { tempProject } from '../test-support/temp-project';
import { DB_FILE } from './project-store';
import { nativeBinding } from './read-only-connection';
import type { RunFilter } from '../../shared/experiments';
import { RunsRepo, type NewRun } from './runs-repo';

function seed(runs: number, metricsPerRun: number) {
  const store = tempProject();
  const repo = new RunsRepo(store.db);
  store.db.transaction(() => {
    for (let i = 0; i < runs; i++) {
      const metrics: Record<string, number> = {};
      for (let m = 0; m < metricsPerRun; m++) metrics[`m${m}`] = ((i * 7919 + m * 104729) % 1000) / 1000;
      repo.insertRun({
        experiment: i % 2 === 0 ? 'even' : 'odd',
        name: `run-${i}`,
        status: i % 10 === 9 ? 'failed' : 'finished',
        startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        endedAt: new Date(Date.UTC(2026, 0, 1, 0, 1, i)).toISOString(),
        modelKind: i % 3 === 0 ? 'gbdt' : 'logreg',
        params: { lr: String([0.01, 0.1, 1][i % 3]), depth: String(i % 5), kind: i % 2 ? 'a' : 'b' },
        metrics,
      });
    }
  })();
  return { store, repo };
}

describe('runs repository', () => {
  it('stores a run whole and reads it back with params, metrics, curves, artifacts, tags and note', () => {
    const { repo } = seed(0, 0);
    const run: NewRun = {
      experiment: 'exp',
      name: 'first',
      status: 'finished',
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:00:05.000Z',
      seed: 42,
      environment: { app: 'test' },
      params: { C: '1.0' },
      steps: [0, 1, 2].map((step) => ({ key: 'loss', step, value: 1 / (step + 1), at: step })),
      metrics: { accuracy: 0.9 },
      artifacts: [{ path: 'model.onnx', blob: 'a'.repeat(64), size: 10, mediaType: 'application/onnx' }],
      tags: { team: 'qa', 'mlflow.note.content': 'looks good' },
    };
    const { id } = repo.insertRun(run);
    expect(repo.get(id)).toMatchObject({
      name: 'first',
      seq: 1,
      experiment: 'exp',
      seed: 42,
      params: { C: '1.0' },
      metrics: { accuracy: 0.9, loss: 1 / 3 },
      curves: ['loss'],
      artifacts: [{ path: 'model.onnx', size: 10, mediaType: 'application/onnx' }],
      tags: { team: 'qa' },
      note: 'looks good',
    });
    expect(repo.curves([id], ['loss'], 500)).toEqual([{ runId: id, key: 'loss', steps: [0, 1, 2], values: [1, 0.5, 1 / 3] }]);
  });

  it('refuses to change or delete a run once written, but lets tags and notes change', () => {
    const { repo, store } = seed(3, 2);
    const id = repo.query({ offset: 0, limit: 1, columns: [] }).rows[0].id;
    expect(() => store.db.prepare("UPDATE runs SET name = 'x' WHERE id = ?").run(id)).toThrowError(/immutable/);
    expect(() => store.db.prepare('UPDATE run_metrics SET value = 0 WHERE run_id = ?').run(id)).toThrowError(/immutable/);
    expect(() => store.db.prepare('DELETE FROM runs WHERE id = ?').run(id)).toThrowError(/immutable/);
    repo.setTag(id, 'reviewed', 'yes');
    repo.setNote(id, 'baseline');
    expect(repo.get(id)).toMatchObject({ tags: { reviewed: 'yes' }, note: 'baseline' });
  });

  it('sorts by any metric in SQLite and returns only the requested window and columns', () => {
    const { repo } = seed(300, 20);
    const page = repo.query({ sort: { column: 'metric:m7', desc: true }, offset: 10, limit: 5, columns: ['attr:name', 'metric:m7', 'param:lr'] });
    expect(page.total).toBe(300);
    expect(page.rows).toHaveLength(5);
    const all = repo.query({ offset: 0, limit: 300, columns: ['metric:m7'] }).rows.map((r) => r.values[0] as number).sort((a, b) => b - a);
    expect(page.rows.map((r) => r.values[1])).toEqual(all.slice(10, 15));
    expect(page.rows.every((r) => r.values.length === 3 && typeof r.values[0] === 'string')).toBe(true);
  });

  it('pages a metric or param sort through the runs with a value and on into those without one, as one ordering', () => {
    const store = tempProject();
    const repo = new RunsRepo(store.db);
    const words = ['abc', 'b', '0', '10', '2.5', '-1'];
    store.db.transaction(() => {
      for (let i = 0; i < 60; i++) {
        // every 4th run lacks the metric, every 5th logged NaN (stored NULL); values repeat so ties need the seq order;
        // every 6th lacks the param, whose values mix numbers and words (a word sorts as 0, then as text)
        const metrics: Record<string, number> = i % 4 === 0 ? { other: 1 } : { score: i % 5 === 0 ? Number.NaN : (i * 7) % 11 };
        const params: Record<string, string> = i % 6 === 0 ? {} : { p: words[(i * 5) % words.length] };
        repo.insertRun({ experiment: i % 3 === 0 ? 'a' : 'b', name: `r${i}`, status: 'finished', startedAt: '2026-01-01T00:00:00Z', metrics, params });
      }
    })();
    const asNumber = (v: string | number) => (typeof v === 'number' ? v : Number.isFinite(Number(v)) ? Number(v) : 0);
    const compare = (x: string | number, y: string | number, desc: boolean) => {
      const byNumber = asNumber(x) - asNumber(y) || (x < y ? -1 : x > y ? 1 : 0);
      return desc ? -byNumber : byNumber;
    };
    // no filter, a filter most runs pass (the key's index is walked), one few runs pass (those runs are sorted)
    const cases: { experiment?: string; filters?: RunFilter[] }[] = [{}, { experiment: 'b' }, { filters: [{ column: 'attr:seq', op: '<=', value: 10 }] }];
    for (const column of ['metric:score', 'param:p']) {
      for (const { experiment, filters } of cases) {
        for (const desc of [true, false]) {
          const all = repo.query({ experiment, filters, offset: 0, limit: 1000, columns: ['attr:seq', column] }).rows.map((r) => ({ id: r.id, seq: r.values[0] as number, v: r.values[1] }));
          const expected = [...all]
            .sort((x, y) => (x.v === null ? 1 : 0) - (y.v === null ? 1 : 0) || (x.v !== null && y.v !== null ? compare(x.v, y.v, desc) : 0) || y.seq - x.seq)
            .map((r) => r.id);
          const paged: string[] = [];
          for (let offset = 0; offset < all.length + 7; offset += 7) {
            paged.push(...repo.query({ experiment, filters, sort: { column, desc }, offset, limit: 7, columns: [] }).rows.map((r) => r.id));
          }
          expect(paged).toEqual(expected);
          const tail = repo.query({ experiment, filters, sort: { column, desc }, offset: all.length - 3, limit: 10, columns: [] });
          expect(tail.rows.map((r) => r.id)).toEqual(expected.slice(-3));
        }
      }
    }
  });

  it('sorts by a metric or a param and filters by a metric through their indexes, not a lookup per run', () => {
    const { store } = seed(50, 3);
    // A second connection to the same file that hands every statement it runs to EXPLAIN QUERY PLAN.
    const statements: string[] = [];
    const traced = new Database(path.join(store.dir, DB_FILE), { readonly: true, nativeBinding: nativeBinding(), verbose: (sql) => statements.push(String(sql)) });
    const tracedRepo = new RunsRepo(traced);
    tracedRepo.query({ sort: { column: 'metric:m1', desc: true }, filters: [{ column: 'metric:m2', op: '>', value: 0.5 }], offset: 0, limit: 10, columns: ['metric:m1'] });
    const metricStatements = statements.length;
    tracedRepo.query({ sort: { column: 'param:lr', desc: false }, offset: 0, limit: 10, columns: [] });
    const explain = (sql: string) => (traced.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from(sql.matchAll(/\?/g), () => null)) as { detail: string }[]).map((p) => p.detail);
    const paramPlans = statements.slice(metricStatements).filter((sql) => /^\s*SELECT/.test(sql)).map(explain);
    const plans = statements
      .slice(0, metricStatements)
      .filter((sql) => /^\s*SELECT/.test(sql))
      .map(explain);
    traced.close();
    const sorted = plans.find((plan) => plan.some((d) => d.startsWith('SEARCH s ')));
    // the page reads the sorted metric's index range in order; only ties on the value are sorted (by seq)
    expect(sorted).toContain('SEARCH s USING COVERING INDEX run_metrics_by_key (key_id=? AND value>?)');
    expect(sorted).toContain('USE TEMP B-TREE FOR LAST TERM OF ORDER BY');
    // the filter is one range of the same index, read as a set
    expect(sorted).toContain('SEARCH x USING COVERING INDEX run_metrics_by_key (key_id=? AND value>?)');
    expect(plans.flat().filter((d) => /^SCAN (r|s|x)\b/.test(d))).toEqual([]);
    // a param sort reads the (key, number, text) index of migration 11 in order, numbers first
    const paramSorted = paramPlans.find((plan) => plan.some((d) => d.startsWith('SEARCH s ')));
    expect(paramSorted).toContain('SEARCH s USING COVERING INDEX run_params_by_key_number (key_id=?)');
    expect(paramSorted).toContain('USE TEMP B-TREE FOR LAST TERM OF ORDER BY');
  });

  it('filters by metric, param and attribute together', () => {
    const { repo } = seed(300, 5);
    const q = repo.query({
      experiment: 'even',
      filters: [
        { column: 'metric:m1', op: '>', value: 0.5 },
        { column: 'param:lr', op: '=', value: 0.1 },
        { column: 'attr:status', op: '=', value: 'finished' },
      ],
      offset: 0,
      limit: 1000,
      columns: ['metric:m1', 'param:lr', 'attr:status', 'attr:experiment'],
    });
    expect(q.total).toBeGreaterThan(0);
    expect(q.total).toBe(q.rows.length);
    for (const r of q.rows) {
      expect(r.values[0] as number).toBeGreaterThan(0.5);
      expect(r.values[1]).toBe('0.1');
      expect(r.values[2]).toBe('finished');
      expect(r.values[3]).toBe('even');
    }
  });

  it('sorts numeric params as numbers', () => {
    const { repo } = seed(30, 1);
    const lrs = repo.query({ sort: { column: 'param:lr', desc: false }, offset: 0, limit: 30, columns: ['param:lr'] }).rows.map((r) => Number(r.values[0]));
    expect(lrs).toEqual([...lrs].sort((a, b) => a - b));
    expect(lrs[0]).toBe(0.01);
  });

  it('lists columns with how many runs fill them, and names an unknown column', () => {
    const { repo } = seed(10, 3);
    const cols = repo.columns();
    expect(cols.find((c) => c.ref === 'metric:m2')).toEqual({ ref: 'metric:m2', kind: 'metric', key: 'm2', runs: 10 });
    expect(cols.find((c) => c.ref === 'param:lr')?.runs).toBe(10);
    expect(repo.columns('even').find((c) => c.ref === 'metric:m2')?.runs).toBe(5);
    expect(() => repo.query({ sort: { column: 'bogus:x', desc: true }, offset: 0, limit: 1, columns: [] })).toThrowError(/Unknown runs-table column/);
  });

  it('answers attr columns named after Object.prototype properties with one BAD_INPUT line, in columns, sort and filters', () => {
    const { repo } = seed(4, 1);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const column = `attr:${name}`;
      const queries = [
        { offset: 0, limit: 4, columns: [column] },
        { sort: { column, desc: false }, offset: 0, limit: 4, columns: [] },
        { filters: [{ column, op: '=' as const, value: 'x' }], offset: 0, limit: 4, columns: [] },
      ];
      for (const q of queries) {
        const error = errorOf(() => repo.query(q));
        expect(error.code).toBe('BAD_INPUT');
        expect(error.message).toBe(`Unknown runs-table column '${column}'.`);
        expect(formatAppError(error)).not.toMatch(/[\n\r]/);
      }
    }
    expect(repo.query({ offset: 0, limit: 4, columns: ['attr:name'] }).rows).toHaveLength(4);
  });

  it('downsamples long curves and keeps the last point', () => {
    const { repo } = seed(0, 0);
    const { id } = repo.insertRun({
      experiment: 'e', name: 'long', status: 'finished', startedAt: '2026-01-01T00:00:00Z',
      steps: Array.from({ length: 1001 }, (_, step) => ({ key: 'loss', step, value: step, at: step })),
    });
    const [c] = repo.curves([id], ['loss'], 100);
    expect(c.steps.length).toBeLessThanOrEqual(102);
    expect(c.steps.at(-1)).toBe(1000);
  });
});

