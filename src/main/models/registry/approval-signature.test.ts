import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EvidenceRef } from '../../../shared/models';
import { signAnchor } from '../../users/anchor-signature';
import { approvalSignatureValid, signApproval, sortedEvidence, type ApprovalClaim } from './approval-signature';

const PROJECT = '6f1c7d3a-2b4e-4c1f-9a7e-1d2c3b4a5f60';
const key = generateKeyPairSync('ed25519');
const publicPem = key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
const evidence: EvidenceRef[] = [
  { id: 'eval-b', kind: 'fairness', sha256: 'b'.repeat(64) },
  { id: 'eval-a', kind: 'scoring', sha256: 'a'.repeat(64) },
];
const claim: ApprovalClaim = {
  id: 'appr-0123456789abcdef',
  model: 'churn',
  version: 3,
  versionHash: 'c'.repeat(64),
  alias: 'champion',
  previousVersion: 2,
  reason: 'beats v2 on AUC, fair across regions',
  evidence,
  approver: 'bob',
  approverFingerprint: 'd'.repeat(64),
  at: '2026-11-28T04:00:00.000Z',
};

describe('approval signatures', () => {
  it('a signed approval verifies under the signer key and stores its evidence sorted by id', () => {
    const signed = signApproval(PROJECT, claim, key.privateKey);
    expect(signed.evidence.map((e) => e.id)).toEqual(['eval-a', 'eval-b']);
    expect(approvalSignatureValid(PROJECT, signed, publicPem)).toBe(true);
  });

  it('the order evidence was cited in does not change the signature', () => {
    const a = signApproval(PROJECT, claim, key.privateKey);
    const b = signApproval(PROJECT, { ...claim, evidence: [...evidence].reverse() }, key.privateKey);
    expect(b.signature).toBe(a.signature);
    expect(approvalSignatureValid(PROJECT, { ...a, evidence: [...a.evidence].reverse() }, publicPem)).toBe(true);
  });

  it.each<[string, Partial<ApprovalClaim>]>([
    ['the version', { version: 4 }],
    ['the version hash', { versionHash: 'e'.repeat(64) }],
    ['the alias', { alias: 'challenger' }],
    ['the previous version', { previousVersion: null }],
    ['the reason', { reason: 'beats v2' }],
    ['an evidence hash', { evidence: [evidence[0]!, { ...evidence[1]!, sha256: 'f'.repeat(64) }] }],
    ['the evidence list (one dropped)', { evidence: [evidence[0]!] }],
    ['the approver', { approver: 'carol' }],
    ['the time', { at: '2026-11-28T04:00:01.000Z' }],
    ['the id', { id: 'appr-fedcba9876543210' }],
  ])('fails once %s is changed after signing', (_what, change) => {
    const signed = signApproval(PROJECT, claim, key.privateKey);
    expect(approvalSignatureValid(PROJECT, { ...signed, ...change }, publicPem)).toBe(false);
  });

  it('fails in another project, under another key, and for a garbled signature', () => {
    const signed = signApproval(PROJECT, claim, key.privateKey);
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(approvalSignatureValid('another-project', signed, publicPem)).toBe(false);
    expect(approvalSignatureValid(PROJECT, signed, other)).toBe(false);
    expect(approvalSignatureValid(PROJECT, { ...signed, signature: 'not base64 at all' }, publicPem)).toBe(false);
    expect(approvalSignatureValid(PROJECT, signed, 'not a key')).toBe(false);
  });

  it('an audit anchor signature by the same key is never valid as an approval signature', () => {
    const anchor = signAnchor({ project: PROJECT, seq: 3, hash: 'c'.repeat(64), at: claim.at, signer: claim.approverFingerprint }, key.privateKey);
    expect(approvalSignatureValid(PROJECT, { ...signApproval(PROJECT, claim, key.privateKey), signature: anchor.signature }, publicPem)).toBe(false);
  });

  it('sortedEvidence keeps only id, kind and sha256', () => {
    const extra = { ...evidence[0]!, note: 'not signed' };
    expect(sortedEvidence([extra])).toEqual([evidence[0]]);
  });
});
