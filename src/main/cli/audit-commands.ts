// `airlock verify-log`: checks a project's audit log and the signed anchors of its head; exit 1 with the first bad
// entry when it does not hold. `airlock audit anchor`: signs the head with a local user's key. `airlock audit verify`:
// checks a signed audit package offline (no project needed); exit 1 naming every changed, missing or added file.
// `airlock audit export`: writes a project's signed audit package, signed with a local user's key.
import { Option, type Command } from 'commander';
import type { AuditPackageVerification } from '../../shared/audit-package';
import { AUDIT_STANDARDS, type AuditPackageResult, type AuditStandard } from '../../shared/trace';
import { verifyLogExcerpt } from '../audit/package/log-excerpt';
import { verifyAuditPackage } from '../audit/package/verify-package';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { readPassphrase } from './passphrase';
import { followJob, print } from './session';

interface ExportOptions extends ProjectOptions {
  standard?: AuditStandard[];
  model?: string[];
  as: string;
  force?: boolean;
}

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

  const audit = program.command('audit').description('the audit log and signed audit packages');
  audit
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

  audit
    .command('export')
    .description('write a signed audit package (.zip): model cards, datasheets, trace matrices, reports, approvals, the log excerpt, SOUP, the requirements as ReqIF and a report per standard (HTML and PDF)')
    .argument('<out>', 'the package to write (.zip)')
    .addOption(projectOption())
    .addOption(new Option('--standard <id...>', 'a standard to report on (repeatable)').choices(AUDIT_STANDARDS))
    .option('--model <ref...>', 'a model version to include, NAME@VERSION or NAME@ALIAS (default: every aliased version, else each newest)')
    .requiredOption('--as <user>', 'the exporting local user, who signs the manifest; passphrase from AIRLOCK_PASSPHRASE or a prompt')
    .option('--force', 'replace an existing file')
    .addOption(jsonOption())
    .action(async (out: string, o: ExportOptions) => {
      const passphrase = await readPassphrase(`Passphrase for ${o.as}'s signing key: `);
      const r = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('audit.exportPackage', {
          target: { kind: 'path', path: out },
          overwrite: o.force === true,
          standards: o.standard ?? [],
          models: o.model,
          user: o.as,
          passphrase,
        });
        return followJob(s, jobId, 'audit.package', io);
      });
      print(io, !!o.json, r, () => exportReport(r));
    });

  audit
    .command('verify')
    .description("check a signed audit package offline: every file's SHA-256 and the Ed25519 signature; exit 0 when intact, 1 naming every changed, missing or added file")
    .argument('<package>', 'the audit package (.zip)')
    .option('--signer <fingerprint>', "the key fingerprint the package must be signed with (see `airlock user list`)")
    .addOption(jsonOption())
    .action(async (zip: string, o: { signer?: string; json?: boolean }) => {
      const v = await verifyAuditPackage(zip, { expectedSigner: o.signer, verifyLogExcerpt });
      print(io, !!o.json, v, () => packageReport(zip, v));
      if (!v.ok) {
        if (o.json) io.err(`AUDIT_PACKAGE_INVALID: ${zip}: ${packageSummary(v)}`);
        setExit(1);
      }
    });
}

function exportReport(r: AuditPackageResult): string {
  const standards = r.standards.map((s) => `${s.standard}: ${s.covered} covered, ${s.uncovered} missing`);
  return [
    `wrote ${r.shown}: ${r.files.length} files, ${r.bytes} bytes, sha256 ${r.sha256}, signed by ${r.signer.user} (key ${r.signer.fingerprint.slice(0, 16)})`,
    ...standards,
  ].join('\n');
}

function packageReport(zip: string, v: AuditPackageVerification): string {
  const signer = v.signer ? `${v.signer.user} (key ${v.signer.fingerprint.slice(0, 16)})` : 'nobody named';
  if (v.ok) return `audit package intact: ${v.files} files, signed by ${signer} at ${v.created}`;
  const lines = [`audit package ${zip} is NOT intact: ${packageSummary(v)}`, `signature: ${v.signature} (${signer})`];
  for (const f of v.changed) lines.push(`changed: ${f}`);
  for (const f of v.missing) lines.push(`missing: ${f}`);
  for (const f of v.added) lines.push(`added: ${f}`);
  for (const p of v.problems) lines.push(`problem: ${p}`);
  return lines.join('\n');
}

/** One line: the signature's state and how many files changed, went missing or were added. */
function packageSummary(v: AuditPackageVerification): string {
  return `signature ${v.signature}, ${v.changed.length} changed, ${v.missing.length} missing, ${v.added.length} added, ${v.problems.length} other problems`;
}
