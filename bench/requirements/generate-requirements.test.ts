import { describe, expect, it } from 'vitest';
import { REQUIREMENT_CLASSES } from '../../src/shared/requirements-classes';
import { lintRequirement } from '../../src/main/requirements/lint/lint-requirement';
import { generate } from './generate-requirements';

describe('the requirements benchmark generator', () => {
  it('gives the same requirements for the same seed and others for another seed', () => {
    const a = generate(400, 7);
    expect(generate(400, 7)).toEqual(a);
    expect(generate(400, 8).rows.map((r) => r.text)).not.toEqual(a.rows.map((r) => r.text));
  });

  it('draws every class and writes unique ids', () => {
    const { rows } = generate(2000, 20240108);
    expect(new Set(rows.map((r) => r.cls))).toEqual(new Set(REQUIREMENT_CLASSES));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('plants twins between two requirements about the same subject, each original twinned once at most', () => {
    const { rows, planted } = generate(2000, 20240108);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(planted.filter((p) => p.relation === 'duplicate').length).toBeGreaterThan(10);
    expect(planted.filter((p) => p.relation === 'conflict').length).toBeGreaterThan(5);
    for (const p of planted) {
      expect(byId.get(p.a)?.subject).toBe(byId.get(p.b)?.subject);
      expect(byId.get(p.a)?.text).not.toBe(byId.get(p.b)?.text);
    }
    const originals = planted.map((p) => p.a);
    expect(new Set(originals).size).toBe(originals.length);
    expect(planted.some((p) => originals.includes(p.b))).toBe(false);
  });

  it('makes a negated twin say "shall not" where the original says "shall"', () => {
    const { rows, planted } = generate(2000, 20240108);
    const text = new Map(rows.map((r) => [r.id, r.text]));
    const negation = planted.find((p) => p.kind === 'negation');
    expect(negation).toBeDefined();
    if (negation) expect(text.get(negation.b)).toBe(text.get(negation.a)?.replace(/ (shall|must|will|should) /, ' $1 not '));
  });

  it('plants vague wording that the lint finds', () => {
    const vague = generate(600, 3).rows.filter((r) => r.vague !== '');
    expect(vague.length).toBeGreaterThan(50);
    for (const r of vague) expect(lintRequirement(r.text).findings.some((f) => r.vague.toLowerCase().includes(f.text.toLowerCase()))).toBe(true);
  });
});
