// An approval's signature: the approver's Ed25519 key over a domain tag and the canonical JSON of what they approved,
// in which project: the model version's content hash, the alias move, the reason and the hashes of the evidence.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { ApprovalInfo, EvidenceRef } from '../../../shared/models';
import { canonicalJson } from '../../store/audit-log';

/** What the approver signs (with the project's stable id, project.uuid, beside it): the approval less its signature. */
export type ApprovalClaim = Omit<ApprovalInfo, 'signature'>;

const DOMAIN = 'airlock-model-approval-1';

/** Evidence in one order whatever order it was cited in, so the same evidence always signs the same bytes. */
export function sortedEvidence(evidence: readonly EvidenceRef[]): EvidenceRef[] {
  const key = (e: EvidenceRef): string => `${e.id}\u0000${e.kind}\u0000${e.sha256}`;
  return [...evidence].map(({ id, kind, sha256 }) => ({ id, kind, sha256 })).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The fields are picked one by one, so nothing outside the list can ever slip into (or out of) what is signed; the
 * domain tag keeps an approval signature from being valid as a signature of anything else (an audit anchor, say).
 */
function signedBytes(project: string, c: ApprovalClaim): Buffer {
  const { id, model, version, versionHash, alias, previousVersion, reason, approver, approverFingerprint, at } = c;
  const body = { project, id, model, version, versionHash, alias, previousVersion, reason, evidence: sortedEvidence(c.evidence), approver, approverFingerprint, at };
  return Buffer.from(`${DOMAIN}\n${canonicalJson(body)}`, 'utf8');
}

/** The approval as stored: the claim with its evidence sorted, and the signature. */
export function signApproval(project: string, claim: ApprovalClaim, privateKey: KeyObject): ApprovalInfo {
  const signature = sign(null, signedBytes(project, claim), privateKey).toString('base64');
  return { ...claim, evidence: sortedEvidence(claim.evidence), signature };
}

export function approvalSignatureValid(project: string, approval: ApprovalInfo, publicKeyPem: string): boolean {
  try {
    return verify(null, signedBytes(project, approval), createPublicKey(publicKeyPem), Buffer.from(approval.signature, 'base64'));
  } catch {
    return false;
  }
}
