// `airlock model approve` and `airlock verify-approvals`: signed four-eyes approvals that move a model alias, and their
// offline check (exit 1 and the first bad approval when one fails, as verify-log does for the audit log).
import type { Command } from 'commander';
import type { ApprovalCheck } from '../../shared/models';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { readPassphrase } from './passphrase';
import { print } from './session';
import { table } from './table';

interface ApproveOptions extends ProjectOptions {
  alias: string;
  as: string;
  reason: string;
  evidence?: string[];
}

const checked = (c: ApprovalCheck): string => `${c.id} (${c.model}@${c.version} as ${c.alias}${c.approver ? ` by ${c.approver}` : ''})`;

export function registerApprovalCommands(model: Command, program: Command, { io, withProject, setExit }: CliShared): void {
  model
    .command('approve <ref>')
    .description("move an alias to a model version (NAME@VERSION or NAME@ALIAS) with your signed approval; the version's author cannot approve it")
    .addOption(projectOption())
    .requiredOption('--alias <alias>', 'the alias to move: champion, challenger or your own')
    .requiredOption('--as <user>', 'the approving local user (see `airlock user list`); passphrase from AIRLOCK_PASSPHRASE or a prompt')
    .requiredOption('--reason <text>', 'why, kept in the signed approval')
    .option('--evidence <id...>', 'evaluations or drift reports you reviewed, by id; their hashes are signed')
    .addOption(jsonOption())
    .action(async (ref: string, o: ApproveOptions) => {
      const passphrase = await readPassphrase(`Passphrase for ${o.as}'s signing key: `);
      const a = await withProject(o.project, (s) =>
        s.call('models.approve', { ref, alias: o.alias, user: o.as, passphrase, reason: o.reason, evidence: o.evidence ?? [] }));
      const from = a.previousVersion === null ? '' : ` from version ${a.previousVersion}`;
      print(io, !!o.json, a, () => `${a.approver} moved ${a.model}@${a.alias}${from} to version ${a.version} (approval ${a.id}, ${a.evidence.length} evidence cited)`);
    });

  program
    .command('verify-approvals')
    .description("check every approval: its signature, the version and evidence it signed, four eyes, and where each alias points; exit 0 when all hold, 1 and the first bad one when not")
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (o: ProjectOptions) => {
      const v = await withProject(o.project, (s) => s.call('models.verifyApprovals', {}));
      const rows = v.approvals.map((c) => [c.ok ? 'ok' : 'BAD', checked(c), c.problem ?? '']);
      print(io, !!o.json, v, () =>
        [v.firstBad ? `approval ${checked(v.firstBad)} fails: ${v.firstBad.problem ?? ''}` : `approvals intact: ${v.checked} checked`, ...(rows.length > 0 ? [table(rows)] : [])].join('\n'));
      if (v.firstBad) {
        if (o.json) io.err(`APPROVAL_INVALID: ${v.firstBad.id}: ${v.firstBad.problem ?? ''}`);
        setExit(1);
      }
    });
}
