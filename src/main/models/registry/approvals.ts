// Four-eyes approvals: a user other than a version's author signs the move of an alias (champion, challenger, ...) to
// it, citing the evaluations and drift reports they viewed by hash; verifyApprovals re-checks every one offline.
import { randomBytes } from 'node:crypto';
import { fail } from '../../../shared/errors';
import type { ApprovalCheck, ApprovalInfo, ApprovalVerification, EvidenceRef } from '../../../shared/models';
import { AnchorsRepo } from '../../store/anchors-repo';
import { ApprovalsRepo, type AliasRow, type EvidenceRecord } from '../../store/approvals-repo';
import { BlobStore } from '../../store/blobs';
import { LineageRepo } from '../../store/lineage-repo';
import { ModelVersionsRepo, type ModelVersionRecord } from '../../store/model-versions-repo';
import type { ProjectStore } from '../../store/project-store';
import type { UserProfiles } from '../../users/user-profiles';
import { approvalSignatureValid, signApproval } from './approval-signature';

export interface ApproveRequest {
  /** NAME@VERSION, or NAME@ALIAS (promoting the challenger: `churn@challenger --alias champion`) */
  ref: string;
  alias: string;
  /** the approver: a local user profile */
  user: string;
  passphrase: string;
  reason: string;
  /** ids of evaluations or drift reports */
  evidence: readonly string[];
}

const newApprovalId = (): string => `appr-${randomBytes(8).toString('hex')}`;

/** The four-eyes rule, by name and by key: null when `approver` may approve `version`. */
function authorProblem(version: ModelVersionRecord, approver: string, fingerprint: string): string | null {
  if (approver === version.author) return `${approver} registered ${version.id}`;
  if (version.authorFingerprint !== null && fingerprint === version.authorFingerprint) return `${approver}'s key (${fingerprint.slice(0, 16)}) registered ${version.id} as ${version.author}`;
  return null;
}

/**
 * Evidence about another model version than the one approved is accepted: a comparison names the champion it beat,
 * and a drift report is often about the data the current champion serves. The 'model.approve' audit entry lists the
 * versions each piece of evidence is about, so a reviewer sees it.
 */
function citedEvidence(repo: ApprovalsRepo, ids: readonly string[]): EvidenceRecord[] {
  return [...new Set(ids)].map(
    (id) =>
      repo.evidence(id) ??
      fail('BAD_INPUT', `Evidence '${id}' is neither an evaluation nor a drift report of this project.`, {
        where: { field: 'evidence' },
        hint: 'Cite an evaluation (eval-...) or a drift report (drift-...) by the id the command or window that made it shows.',
      }),
  );
}

/**
 * Signs and stores the approval and moves the alias, in one transaction with the approver's key recorded in the project
 * (their first act in it), the lineage edges and two audit entries ('model.approve', then 'model.alias.move').
 */
export function approve(store: ProjectStore, profiles: UserProfiles, r: ApproveRequest): ApprovalInfo {
  store.assertWritable();
  const project = store.projectId() ?? fail('INTERNAL', `The project in ${store.dir} has no id to sign approvals with.`, { where: { file: store.dir } });
  const version = new ModelVersionsRepo(store.db).resolve(r.ref);
  const profile = profiles.get(r.user);
  const problem = authorProblem(version, profile.name, profile.fingerprint);
  if (problem) fail('FOUR_EYES', `${r.user} cannot approve ${version.id}: ${problem}, and a version needs a second person's approval.`, { where: { field: 'user' } });
  const repo = new ApprovalsRepo(store.db);
  const evidence = citedEvidence(repo, r.evidence);
  const user = profiles.unlock(r.user, r.passphrase);
  const anchors = new AnchorsRepo(store);
  const lineage = new LineageRepo(store.db);

  // two audit entries in this order: the approval (the inner mutate, a savepoint), then the alias move it makes
  return store.mutate(
    (a: ApprovalInfo) => ({ action: 'model.alias.move', target: `model:${a.model}`, details: { alias: a.alias, from: a.previousVersion, to: a.version, approval: a.id } }),
    () => {
      // read inside the (immediate) transaction: no other approval can move the alias between reading and signing
      const previous = repo.alias(version.name, r.alias);
      if (previous?.version === version.version) {
        fail('BAD_INPUT', `${version.name}@${r.alias} already points at version ${version.version}: there is nothing to approve.`, { where: { field: 'alias' } });
      }
      const approval = store.mutate(
        ({ a, keyRecorded }: { a: ApprovalInfo; keyRecorded: boolean }) => ({
          action: 'model.approve',
          target: `approval:${a.id}`,
          details: {
            model: a.model,
            version: a.version,
            versionHash: a.versionHash,
            alias: a.alias,
            from: a.previousVersion,
            to: a.version,
            approver: a.approver,
            approverFingerprint: a.approverFingerprint,
            reason: a.reason,
            evidence,
            keyRecorded,
          },
        }),
        () => {
          const keyRecorded = anchors.user(profile.fingerprint) === undefined;
          const at = store.now().toISOString();
          if (keyRecorded) anchors.recordUser({ fingerprint: profile.fingerprint, name: profile.name, publicKey: profile.publicKey, firstSeen: at });
          const a = signApproval(
            project,
            {
              id: newApprovalId(),
              model: version.name,
              version: version.version,
              versionHash: version.hash,
              alias: r.alias,
              previousVersion: previous?.version ?? null,
              reason: r.reason,
              // signApproval keeps id, kind and sha256 of each (what each is about goes to the audit entry only)
              evidence,
              approver: profile.name,
              approverFingerprint: profile.fingerprint,
              at,
            },
            user.privateKey,
          );
          repo.insert(a);
          const node = { kind: 'approval', id: a.id } as const;
          lineage.link({ kind: 'model_version', id: version.id }, 'approved_as', node, at);
          // drift reports are cited by hash too, but the lineage catalogue has no drift_report -> approval relation
          for (const e of evidence) if (e.kind !== 'drift') lineage.link({ kind: 'evaluation', id: e.id }, 'cited_by', node, at);
          return { a, keyRecorded };
        },
      ).a;
      repo.moveAlias(approval);
      return approval;
    },
  );
}

/** What is wrong with one cited report now, or null: it must still be stored, under the hash that was approved. */
function evidenceProblem(w: Walk, e: EvidenceRef): string | null {
  const now = w.repo.evidence(e.id);
  if (!now) return `the evidence ${e.id} is no longer in the project`;
  if (now.sha256 !== e.sha256) return `the evidence ${e.id} is now filed under hash ${now.sha256.slice(0, 16)}, not the ${e.sha256.slice(0, 16)} that was approved`;
  return blobProblem(w, e.sha256, `the evidence ${e.id}`);
}

/**
 * A stored file must still hash to the name it is filed under: it is read whole, so a change on disk shows. Each file
 * is read once per check (a model version approved for several aliases can be hundreds of megabytes).
 */
function blobProblem(w: Walk, hash: string, what: string): string | null {
  let state = w.files.get(hash);
  if (state === undefined) {
    state = !w.blobs.has(hash) ? 'missing' : BlobStore.hash(w.blobs.get(hash)) === hash ? 'intact' : 'changed';
    w.files.set(hash, state);
  }
  if (state === 'missing') return `${what}'s stored file (${hash.slice(0, 16)}) is missing`;
  return state === 'changed' ? `${what}'s stored file no longer matches its hash ${hash.slice(0, 16)}: it was changed on disk` : null;
}

interface Walk {
  project: string | null;
  keys: AnchorsRepo;
  versions: ModelVersionsRepo;
  repo: ApprovalsRepo;
  blobs: BlobStore;
  /** what each stored file read so far turned out to be */
  files: Map<string, 'intact' | 'changed' | 'missing'>;
  /** the approval before, of the same model and alias */
  before: ApprovalInfo | undefined;
  /** the alias row of the approval's model and alias, when the approval is the newest of that alias */
  aliasNow: AliasRow | null | 'not newest';
}

function approvalProblem(a: ApprovalInfo, w: Walk): string | null {
  const key = w.keys.user(a.approverFingerprint);
  if (!key) return `the approver's key (${a.approverFingerprint.slice(0, 16)}) is not recorded in the project`;
  if (w.project === null || !approvalSignatureValid(w.project, a, key.publicKey)) {
    return `its signature does not verify under ${key.name}'s key (${key.fingerprint.slice(0, 16)}): the approval was altered`;
  }
  const version = w.versions.get(`${a.model}@${a.version}`);
  if (!version) return `the approved version ${a.model}@${a.version} is not in the project`;
  if (version.hash !== a.versionHash) return `${version.id}'s hash is now ${version.hash.slice(0, 16)}, not the ${a.versionHash.slice(0, 16)} that was approved`;
  // a version whose hash names its stored file (an ONNX file without external data, a run's model) is re-hashed too
  if (version.hash === version.onnxBlob || version.hash === version.modelBlob) {
    const changed = blobProblem(w, version.hash, version.id);
    if (changed) return changed;
  }
  const author = authorProblem(version, a.approver, a.approverFingerprint);
  if (author) return `four eyes broken: ${author}`;
  for (const e of a.evidence) {
    const problem = evidenceProblem(w, e);
    if (problem) return problem;
  }
  const expected = w.before?.version ?? null;
  if (a.previousVersion !== expected) {
    return `it moved ${a.alias} from version ${a.previousVersion ?? 'none'}, but ${w.before ? `the approval before it (${w.before.id}) had moved it to version ${expected}` : 'no approval before it had set the alias'}`;
  }
  if (w.aliasNow === null) return `it is the newest approval of ${a.model}@${a.alias}, but the alias is not set`;
  if (w.aliasNow !== 'not newest' && (w.aliasNow.approvalId !== a.id || w.aliasNow.version !== a.version)) {
    return `it is the newest approval of ${a.model}@${a.alias} (version ${a.version}), but the alias points at version ${w.aliasNow.version} by approval ${w.aliasNow.approvalId}`;
  }
  return null;
}

const checkOf = (a: Pick<ApprovalInfo, 'id' | 'model' | 'version' | 'alias' | 'approver'>, problem: string | null): ApprovalCheck =>
  ({ id: a.id, model: a.model, version: a.version, alias: a.alias, approver: a.approver, ok: problem === null, ...(problem === null ? {} : { problem }) });

/**
 * Every approval, oldest first: its signature under the key the project recorded, the version it approved unchanged,
 * its evidence unchanged, its approver not the author, its place in its alias's history, and (the newest of an alias)
 * the alias row pointing where it says. Alias rows no approval accounts for follow, as checks of their own.
 */
export function verifyApprovals(store: ProjectStore): ApprovalVerification {
  const repo = new ApprovalsRepo(store.db);
  const oldestFirst = repo.list().reverse();
  const aliasRows = new Map(repo.aliases().map((row) => [`${row.model}@${row.alias}`, row]));
  const newest = new Map(oldestFirst.map((a) => [`${a.model}@${a.alias}`, a.id]));
  const before = new Map<string, ApprovalInfo>();
  const base = { project: store.projectId(), keys: new AnchorsRepo(store), versions: new ModelVersionsRepo(store.db), repo, blobs: store.blobs, files: new Map<string, 'intact' | 'changed' | 'missing'>() };
  const approvals = oldestFirst.map((a) => {
    const slot = `${a.model}@${a.alias}`;
    const check = checkOf(a, approvalProblem(a, { ...base, before: before.get(slot), aliasNow: newest.get(slot) === a.id ? aliasRows.get(slot) ?? null : 'not newest' }));
    before.set(slot, a);
    return check;
  });
  for (const [slot, row] of aliasRows) {
    if (!newest.has(slot)) approvals.push(checkOf({ id: row.approvalId, model: row.model, version: row.version, alias: row.alias, approver: '' }, `the alias ${slot} points at version ${row.version}, but no approval of it is stored`));
  }
  const firstBad = approvals.find((c) => !c.ok) ?? null;
  return { checked: approvals.length, ok: firstBad === null, firstBad, approvals };
}
