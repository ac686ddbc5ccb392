import { describe, expect, it } from 'vitest';
import { runCli } from './program';

describe('airlock providers', () => {
  it('prints every provider as JSON without a project, cpu available and each other one with its reason', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['providers', '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
    expect([code, err]).toEqual([0, []]);
    const { providers } = JSON.parse(out.join('\n')) as { providers: { name: string; available: boolean; reason?: string }[] };
    expect(providers.map((p) => p.name)).toEqual(['cpu', 'webgpu', 'cuda']);
    expect(providers[0]).toEqual({ name: 'cpu', available: true });
    for (const p of providers.filter((q) => !q.available)) expect(p.reason).toMatch(/^[^\n]{10,}$/);
  }, 60_000);

  it('prints one tab-separated line per provider for people', async () => {
    const out: string[] = [];
    await runCli(['providers'], { out: (t) => out.push(t), err: () => undefined });
    const lines = out.join('\n').split('\n');
    expect(lines.map((l) => l.split('\t')[0])).toEqual(['cpu', 'webgpu', 'cuda']);
    expect(lines[0]).toBe('cpu\tavailable\t');
  }, 60_000);
});
