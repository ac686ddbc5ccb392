// `airlock verify-log`: checks a project's audit log and the signed anchors of its head; exit 1 with the first bad
// entry when it does not hold. `airlock audit anchor`: signs the head with a local user's key.
import type { Command } from 'commander';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { readPassphrase } from './passphrase';
import { print } from './session';

export function register(program: Command, { io, withProject, setExit }: CliShared): void {
  program
    .command('verify-log')
    .description('check the audit log hash chain and every signed anchor of its head: exit 0 when intact, 1 and the first bad entry when not')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (o: ProjectOptions) => {
      const v = await withProject(o.project, (s) => s.call('audit.verify', {}));
      print(io, !!o.json, v, () =>
        v.ok ? `audit log intact: ${v.entries} entries, ${v.anchors ?? 0} signed anchors` : `audit log broken at entry ${v.firstBad!.seq}: ${v.firstBad!.reason}`);
      if (!v.ok) {
        if (o.json) io.err(`AUDIT_CHAIN_BROKEN: entry ${v.firstBad!.seq}: ${v.firstBad!.reason}`);
        setExit(1);
      }
    });

  program
    .command('audit')
    .description('the audit log')
    .command('anchor')
    .description("sign the log's head with a user's key; kept in the project and in the user's data folder")
    .addOption(projectOption())
    .requiredOption('--user <name>', 'local user (see `airlock user list`)')
    .addOption(jsonOption())
    .action(async (o: ProjectOptions & { user: string }) => {
      const passphrase = await readPassphrase(`Passphrase for ${o.user}'s signing key: `);
      const r = await withProject(o.project, (s) => s.call('audit.anchor', { user: o.user, passphrase }));
      print(io, !!o.json, r, () => `${r.user} signed entry ${r.seq} (${r.hash.slice(0, 12)})${r.keyRecorded ? '; their public key is now recorded in the project' : ''}`);
    });
}
