// All SQL of migration 9: the classifier's stored verdicts, people's labels (append-only) and pair dismissals bound to
// both requirements' fingerprints. Writes run inside a caller's mutate().
import type { PairDismissal, PairRelation } from '../../shared/requirements-lint';
import type { RequirementClass, RequirementClassification, RequirementLabel } from '../../shared/requirements-classes';
import type { Db } from './db';

interface ClassificationRow {
  requirement_id: string;
  revision: number;
  model_version_id: string;
  class: RequirementClass;
  confidence: number;
  classes_json: string;
  labels_json: string;
}

interface LabelRow {
  requirement_id: string;
  revision: number;
  label: RequirementClass;
  predicted: RequirementClass | null;
  created_at: string;
  created_by: string;
}

interface DismissalRow {
  a: string;
  b: string;
  relation: PairRelation;
  a_fingerprint: string;
  b_fingerprint: string;
  reason: string;
  created_at: string;
  created_by: string;
}

/** A dismissal as stored: it holds only while both requirements still have these fingerprints. */
export interface StoredDismissal extends PairDismissal {
  aFingerprint: string;
  bFingerprint: string;
}

/** The order a pair is stored in: a dismissal of (x, y) is one of (y, x) too. */
export function pairKey(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

function classification(r: ClassificationRow): RequirementClassification {
  return {
    id: r.requirement_id,
    class: r.class,
    confidence: r.confidence,
    classes: JSON.parse(r.classes_json) as Record<RequirementClass, number>,
    labels: JSON.parse(r.labels_json) as RequirementClass[],
    // model version ids are NAME@VERSION (model-versions-repo register)
    model: r.model_version_id,
    revision: r.revision,
  };
}

function label(r: LabelRow): RequirementLabel {
  return { id: r.requirement_id, label: r.label, predicted: r.predicted, revision: r.revision, createdAt: r.created_at, createdBy: r.created_by };
}

function dismissal(r: DismissalRow): StoredDismissal {
  return {
    a: r.a,
    b: r.b,
    relation: r.relation,
    reason: r.reason,
    createdAt: r.created_at,
    createdBy: r.created_by,
    aFingerprint: r.a_fingerprint,
    bFingerprint: r.b_fingerprint,
  };
}

const LABEL_COLUMNS = 'requirement_id, revision, label, predicted, created_at, created_by';

export class RequirementIntelligenceRepo {
  constructor(private readonly db: Db) {}

  /** Stores a verdict; the same requirement, revision and model version classified again replaces the old one. */
  putClassification(c: RequirementClassification, createdAt: string): void {
    this.db
      .prepare(`INSERT INTO requirement_classifications (requirement_id, revision, model_version_id, class, confidence, classes_json, labels_json, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (requirement_id, revision, model_version_id) DO UPDATE SET class = excluded.class, confidence = excluded.confidence,
          classes_json = excluded.classes_json, labels_json = excluded.labels_json, created_at = excluded.created_at`)
      .run(c.id, c.revision, c.model, c.class, c.confidence, JSON.stringify(c.classes), JSON.stringify(c.labels), createdAt);
  }

  /**
   * Per requirement, the newest verdict on its LATEST revision (an edit hides the old verdict until it is classified
   * again); among several classifier versions, the one stored last wins. With `requirementId`, that requirement's only.
   */
  latestClassifications(requirementId?: string): Map<string, RequirementClassification> {
    const rows = this.db
      .prepare(`SELECT c.requirement_id, c.revision, c.model_version_id, c.class, c.confidence, c.classes_json, c.labels_json
        FROM requirement_classifications c
        JOIN (SELECT requirement_id, MAX(revision) AS revision FROM requirement_revisions WHERE @id IS NULL OR requirement_id = @id GROUP BY requirement_id) r
          ON r.requirement_id = c.requirement_id AND r.revision = c.revision
        JOIN model_versions mv ON mv.id = c.model_version_id
        ORDER BY c.created_at, mv.name, mv.version`)
      .all({ id: requirementId ?? null }) as ClassificationRow[];
    // ascending order, so a later row overwrites an earlier one for the same requirement
    const latest = new Map<string, RequirementClassification>();
    for (const row of rows) latest.set(row.requirement_id, classification(row));
    return latest;
  }

  /** Appends a person's label (the table's triggers refuse updates and deletes) and returns its row id. */
  addLabel(l: RequirementLabel): number {
    return Number(
      this.db
        .prepare(`INSERT INTO requirement_labels (${LABEL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(l.id, l.revision, l.label, l.predicted, l.createdAt, l.createdBy).lastInsertRowid,
    );
  }

  /** Every label, oldest first. */
  labels(): RequirementLabel[] {
    return (this.db.prepare(`SELECT ${LABEL_COLUMNS} FROM requirement_labels ORDER BY id`).all() as LabelRow[]).map(label);
  }

  /** The latest label per requirement: a later label replaces an earlier one. */
  latestLabels(): Map<string, RequirementLabel> {
    const latest = new Map<string, RequirementLabel>();
    for (const l of this.labels()) latest.set(l.id, l);
    return latest;
  }

  latestLabel(requirementId: string): RequirementLabel | null {
    const row = this.db
      .prepare(`SELECT ${LABEL_COLUMNS} FROM requirement_labels WHERE requirement_id = ? ORDER BY id DESC LIMIT 1`)
      .get(requirementId) as LabelRow | undefined;
    return row ? label(row) : null;
  }

  /** Stores a dismissal under the pair's sorted order; dismissing the pair again replaces the earlier one. */
  putDismissal(d: StoredDismissal): void {
    const swap = d.a > d.b;
    const [a, b] = pairKey(d.a, d.b);
    const [aFingerprint, bFingerprint] = swap ? [d.bFingerprint, d.aFingerprint] : [d.aFingerprint, d.bFingerprint];
    this.db
      .prepare(`INSERT INTO requirement_pair_dismissals (a, b, relation, a_fingerprint, b_fingerprint, reason, created_at, created_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (a, b, relation) DO UPDATE SET a_fingerprint = excluded.a_fingerprint, b_fingerprint = excluded.b_fingerprint,
          reason = excluded.reason, created_at = excluded.created_at, created_by = excluded.created_by`)
      .run(a, b, d.relation, aFingerprint, bFingerprint, d.reason, d.createdAt, d.createdBy);
  }

  dismissal(a: string, b: string, relation: PairRelation): StoredDismissal | null {
    const [x, y] = pairKey(a, b);
    const row = this.db
      .prepare('SELECT a, b, relation, a_fingerprint, b_fingerprint, reason, created_at, created_by FROM requirement_pair_dismissals WHERE a = ? AND b = ? AND relation = ?')
      .get(x, y, relation) as DismissalRow | undefined;
    return row ? dismissal(row) : null;
  }

  /** Returns whether there was one to delete. */
  deleteDismissal(a: string, b: string, relation: PairRelation): boolean {
    const [x, y] = pairKey(a, b);
    return this.db.prepare('DELETE FROM requirement_pair_dismissals WHERE a = ? AND b = ? AND relation = ?').run(x, y, relation).changes > 0;
  }

  /** Every dismissal (a < b in each), stale ones included: whether one still holds is the caller's fingerprint check. */
  dismissals(): StoredDismissal[] {
    return (
      this.db
        .prepare('SELECT a, b, relation, a_fingerprint, b_fingerprint, reason, created_at, created_by FROM requirement_pair_dismissals ORDER BY a, b, relation')
        .all() as DismissalRow[]
    ).map(dismissal);
  }
}
