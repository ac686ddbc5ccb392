// README.txt at an audit package's root: what each part holds and how to check the package without Airlock, with
// the openssl and sha256sum commands a reviewer can run on any machine.
import type { AuditStandard } from '../../../shared/trace';

export const README_FILE = 'README.txt';

export function packageReadme(project: string, created: Date, models: readonly string[], standards: readonly AuditStandard[]): string {
  return `Airlock audit package
=====================

Project: ${project}
Exported: ${created.toISOString()}
Model versions: ${models.join(', ') || 'none'}
Standards reported on: ${standards.join(', ') || 'none'}

Contents
--------
manifest.json            every other file's size and SHA-256, the exporter and their Ed25519 public key
manifest.sig             the exporter's Ed25519 signature over manifest.json's exact bytes, base64
model-cards/             one model card per model version (Model Card Toolkit fields), JSON and HTML
datasheets/              one datasheet per dataset version (the seven sections of Gebru et al.), JSON and HTML
trace/                   the trace matrix (CSV, XLSX, HTML) and the uncovered report
reports/                 the evaluation reports of the model versions and the drift reports, JSON and HTML
approvals.json           every signed approval that moved a model alias
audit-log.jsonl          the project's audit log, oldest first, each entry hash-chained to the one before
soup.json, soup.html     third-party libraries (versions, licences) and imported models (SHA-256)
requirements.reqif       the requirements as ReqIF (.reqifz when they came from several files)
standards/               per standard: what is covered, by which evidence, and what is missing (HTML, PDF, JSON)

Fields a person must write are marked "to be written by a person".

Checking it
-----------
With Airlock:  airlock audit verify PACKAGE.zip [--signer FINGERPRINT]

Without Airlock, in the unpacked folder (OpenSSL 3):
  node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync("manifest.json")).exporter.publicKey)' > exporter.pem
  base64 -d manifest.sig > manifest.sig.bin
  openssl pkeyutl -verify -pubin -inkey exporter.pem -rawin -in manifest.json -sigfile manifest.sig.bin
then compare every file's SHA-256 (sha256sum FILE) with the one manifest.json lists for it.
`;
}
