// `airlock user create|list`: local user profiles with Ed25519 signing keys, kept in the data folder (--data-dir),
// never in a project. The passphrase comes from AIRLOCK_PASSPHRASE or a prompt that echoes nothing.
import type { Command } from 'commander';
import { UserProfiles, type UserProfile } from '../users/user-profiles';
import { jsonOption, type CliShared } from './options';
import { readPassphrase } from './passphrase';
import { print } from './session';
import { table } from './table';

function summary(p: UserProfile): { name: string; fingerprint: string; createdAt: string } {
  return { name: p.name, fingerprint: p.fingerprint, createdAt: p.createdAt };
}

export function register(program: Command, { io, session }: CliShared): void {
  const user = program.command('user').description('local users and their signing keys (kept in the data folder, never in a project)');
  user
    .command('create <name>')
    .description('make an Ed25519 key pair for NAME, its private key sealed with a passphrase (AIRLOCK_PASSPHRASE, or asked for)')
    .addOption(jsonOption())
    .action(async (name: string, o: { json?: boolean }) => {
      const profiles = new UserProfiles(session().app.dataDir);
      const passphrase = await readPassphrase(`Passphrase for ${name}'s signing key: `, { confirm: true });
      const p = summary(profiles.create(name, passphrase));
      print(io, !!o.json, p, () => `created user ${p.name}, key fingerprint ${p.fingerprint}`);
    });
  user
    .command('list')
    .addOption(jsonOption())
    .action((o: { json?: boolean }) => {
      const list = new UserProfiles(session().app.dataDir).list().map(summary);
      print(io, !!o.json, list, () => table(list.map((p) => [p.name, p.fingerprint, p.createdAt])));
    });
}
