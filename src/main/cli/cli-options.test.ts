import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelKinds } from '../../shared/model-catalog';
import { tempDir } from '../test-support/temp-project';
import { runCli } from './program';

/** Runs the CLI in this process and collects what it printed. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The option flags a command's --help lists, in order. */
async function flags(command: string): Promise<string[]> {
  const help = await cli(command, '--help');
  return [...help.out.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]);
}

describe('CLI options', () => {
  it('declares the training options once: train and study list the same ones, in the same order', async () => {
    const shared = ['--project', '--dataset', '--target', '--model', '--param', '--seed', '--experiment'];
    expect((await flags('train')).slice(0, shared.length)).toEqual(shared);
    expect((await flags('study')).slice(0, shared.length)).toEqual(shared);
  });

  it('takes its model kinds from the catalog and refuses another in one line naming them', async () => {
    expect((await cli('train', '--help')).out).toContain(modelKinds.join(' | '));
    const project = path.join(tempDir(), 'p');
    expect((await cli('init', project)).code).toBe(0);
    const r = await cli('train', '--project', project, '--dataset', 'd', '--target', 't', '--model', 'svm');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`airlock: BAD_INPUT: --model must be one of ${modelKinds.join(', ')}, got 'svm'. (field 'model')`);
  });

  it("refuses a command's unknown --version in one line with exit 1, instead of printing the program's version and exiting 0", async () => {
    const r = await cli('train', '--project', tempDir(), '--dataset', 'd', '--version', '1', '--target', 't', '--model', 'gbdt');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/unknown option '--version'/);
    expect((await cli('--version')).out).toMatch(/^\d+\.\d+\.\d+/);
  });
});
