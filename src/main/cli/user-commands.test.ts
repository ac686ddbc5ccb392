import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgeAuditLog } from '../test-support/forge-audit-log';
import { AIRLOCK_BIN, runCli, type CliRun } from '../test-support/run-cli';
import { tempDir } from '../test-support/temp-project';

const PASS = 'correct horse battery';
/** This process's environment without any AIRLOCK_ variable, so the CLI sees only those a test sets. */
const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AIRLOCK_')));

/** Runs the real CLI in a child process with only `env` of the AIRLOCK_ variables; stdin is not a terminal. */
function airlock(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  return runCli(args, { ...clean, ...env });
}

describe('airlock user and audit anchor commands', () => {
  it('user create takes AIRLOCK_PASSPHRASE and keeps the profile in the data folder; user list shows it', async () => {
    const data = tempDir();
    const created = await airlock({ AIRLOCK_DATA_DIR: data, AIRLOCK_PASSPHRASE: PASS }, 'user', 'create', 'ada', '--json');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'ada', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(fs.readdirSync(path.join(data, 'users', 'ada')).sort()).toEqual(['profile.json', 'signing-key.json']);
    const list = await airlock({ AIRLOCK_DATA_DIR: data }, 'user', 'list', '--json');
    expect((JSON.parse(list.stdout) as { name: string }[]).map((u) => u.name)).toEqual(['ada']);
  });

  it('user create without a terminal and without AIRLOCK_PASSPHRASE is refused in one line and makes nothing', async () => {
    const data = tempDir();
    const r = await airlock({ AIRLOCK_DATA_DIR: data }, 'user', 'create', 'ada');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^airlock: PASSPHRASE_REQUIRED: /);
    expect(fs.existsSync(path.join(data, 'users', 'ada'))).toBe(false);
  });

  it('user create on a terminal asks for the passphrase twice and never shows what was typed', async () => {
    const data = tempDir();
    const typed = 'terminal secret 42';
    // `script` gives the CLI a real pseudo-terminal and copies everything the terminal showed to stdout
    const shown = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qec', `${process.execPath} ${AIRLOCK_BIN} user create ada --json`, '/dev/null'], { env: { ...clean, AIRLOCK_DATA_DIR: data } });
      let out = '';
      let answered = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        // type only once the prompt is shown, that is once the CLI has put the terminal in raw mode
        const prompts = (out.match(/Passphrase for ada's signing key: |Type it again: /g) ?? []).length;
        if (prompts > answered) {
          answered = prompts;
          child.stdin.write(`${typed}\r`);
        }
      });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`script exited ${code}: ${out}`))));
    });
    expect(shown).toContain("Passphrase for ada's signing key: ");
    expect(shown).toContain('Type it again: ');
    expect(shown).not.toContain(typed);
    expect(JSON.parse(shown.slice(shown.indexOf('{'))) as { name: string }).toMatchObject({ name: 'ada' });
    const unlocked = await airlock({ AIRLOCK_DATA_DIR: data, AIRLOCK_PASSPHRASE: typed }, 'user', 'list');
    expect(unlocked.code).toBe(0);
  }, 30_000);

  it('verify-log passes a signed log and, after the log is rewritten and re-chained, exits 1 naming the signed entry', async () => {
    const data = tempDir();
    const project = path.join(tempDir(), 'p');
    const env = { AIRLOCK_DATA_DIR: data, AIRLOCK_PASSPHRASE: PASS };
    await airlock(env, 'init', project);
    await airlock(env, 'user', 'create', 'ada');
    const anchored = await airlock(env, 'audit', 'anchor', '--project', project, '--user', 'ada', '--json');
    expect(anchored.code).toBe(0);
    expect(JSON.parse(anchored.stdout)).toMatchObject({ seq: 1, user: 'ada', keyRecorded: true });
    const intact = await airlock(env, 'verify-log', '--project', project);
    expect(intact).toMatchObject({ code: 0, stdout: 'audit log intact: 2 entries, 2 signed anchors\n' });

    const db = new Database(path.join(project, 'project.sqlite'));
    forgeAuditLog(db, 1);
    db.close();
    const broken = await airlock(env, 'verify-log', '--project', project);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^audit log broken at entry 1: entry 1 is not the entry ada .* the log was rewritten\n$/);
  }, 60_000);

  it('with AIRLOCK_USER and AIRLOCK_PASSPHRASE, a command that changes the project signs its head on close; one that only reads does not', async () => {
    const data = tempDir();
    const project = path.join(tempDir(), 'p');
    await airlock({ AIRLOCK_DATA_DIR: data, AIRLOCK_PASSPHRASE: PASS }, 'user', 'create', 'ada');
    const env = { AIRLOCK_DATA_DIR: data, AIRLOCK_USER: 'ada', AIRLOCK_PASSPHRASE: PASS };
    expect((await airlock(env, 'init', project)).code).toBe(0);
    const anchors = (): number => {
      const db = new Database(path.join(project, 'project.sqlite'), { readonly: true });
      const n = (db.prepare('SELECT count(*) AS n FROM audit_anchors').get() as { n: number }).n;
      db.close();
      return n;
    };
    expect(anchors()).toBe(1);
    expect((await airlock(env, 'dataset', 'list', '--project', project)).code).toBe(0);
    expect(anchors()).toBe(1);
    const wrong = await airlock({ ...env, AIRLOCK_PASSPHRASE: 'not the passphrase' }, 'dataset', 'list', '--project', project);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^airlock: BAD_PASSPHRASE: /);
  }, 60_000);

  it('verify-log on a damaged project database says PROJECT_CORRUPT in one line naming the file, not INTERNAL', async () => {
    const data = tempDir();
    const project = path.join(tempDir(), 'p');
    await airlock({ AIRLOCK_DATA_DIR: data }, 'init', project);
    const file = path.join(project, 'project.sqlite');
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 100, 4096);
    fs.writeFileSync(file, bytes);
    const r = await airlock({ AIRLOCK_DATA_DIR: data }, 'verify-log', '--project', project);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^airlock: PROJECT_CORRUPT: /);
    expect(r.stderr).toContain(file);
  }, 30_000);
});
