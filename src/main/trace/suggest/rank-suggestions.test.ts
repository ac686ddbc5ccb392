import { describe, expect, it } from 'vitest';
import { LinkSuggester, type ArtifactCandidate, type RequirementCandidate, type SuggestionInput } from './rank-suggestions';
import { identifierWords, termBag } from './term-bag';

const req = (id: string, text: string, level: RequirementCandidate['level'] = null, document = 'SRS'): RequirementCandidate => ({ id, title: '', text, criteria: [], level, document });

const artifacts: ArtifactCandidate[] = [
  { target: { kind: 'dataset_version', id: 'patients@2' }, label: 'patients@2', type: 'trained-on', fields: { name: ['patients'], columns: ['age', 'sex', 'blood_pressure', 'heartRate'] }, sameAs: [{ kind: 'dataset_version', id: 'patients@1' }] },
  { target: { kind: 'dataset_version', id: 'invoices@1' }, label: 'invoices@1', type: 'trained-on', fields: { name: ['invoices'], columns: ['amount', 'currency', 'due_date'] }, sameAs: [] },
  { target: { kind: 'model_version', id: 'mv-1' }, label: 'sepsis-risk@3', type: 'satisfies', fields: { name: ['sepsis-risk'], description: ['predicts sepsis risk from vital signs'], tags: ['clinical'] }, sameAs: [] },
  { target: { kind: 'monitor', id: 'mon-1' }, label: 'vitals drift', type: 'monitored-by', fields: { name: ['vitals drift'], columns: ['heart_rate', 'blood_pressure'] }, sameAs: [] },
];

const requirements: RequirementCandidate[] = [
  req('SYS-1', 'The system shall warn clinicians of sepsis risk.', 'system', 'System'),
  req('ML-1', 'The sepsis risk model shall be trained on patient records with age, sex and blood pressure.', 'ml-component', 'ML'),
  req('ML-2', 'Drift in heart rate and blood pressure shall be monitored weekly.', 'ml-component', 'ML'),
  req('SW-1', 'The software shall show the sepsis risk score to clinicians within 2 s.', 'software', 'SW'),
];

const input = (over: Partial<SuggestionInput> = {}): SuggestionInput => ({ requirements, artifacts, links: [], rejected: [], ...over });

describe('identifier words', () => {
  it('splits snake case, camel case and dots, and drops version suffixes and bare numbers', () => {
    expect(identifierWords('blood_pressure heartRate val.recall holdout_v2 3')).toEqual(['blood', 'pressure', 'heart', 'Rate', 'val', 'recall', 'holdout']);
  });

  it('folds inflections and keeps the word as first written for the reason', () => {
    const bag = termBag(['Patients', 'patient_id']);
    expect([...bag.values()]).toEqual(['Patients', 'id']);
  });
});

describe('link suggestions', () => {
  it('ranks the dataset whose name and columns the requirement names first, with the reason', () => {
    const [first] = new LinkSuggester(input()).suggest('ML-1', 5);
    expect(first).toMatchObject({ target: { kind: 'dataset_version', id: 'patients@2' }, type: 'trained-on' });
    expect(first.reason).toBe('name: patients; columns: age, sex, blood, pressure');
    expect(first.score).toBeGreaterThan(0);
    expect(first.score).toBeLessThanOrEqual(1);
  });

  it('offers the monitor watching the columns a monitoring requirement names', () => {
    const top = new LinkSuggester(input()).suggest('ML-2', 2);
    expect(top[0]).toMatchObject({ target: { kind: 'monitor', id: 'mon-1' }, type: 'monitored-by' });
  });

  it('offers a higher-level requirement as a parent it refines and a lower-level one as a reversed child', () => {
    const forSw = new LinkSuggester(input()).suggest('SW-1', 10);
    expect(forSw.find((s) => s.target.id === 'SYS-1')).toMatchObject({ type: 'refines' });
    expect(forSw.find((s) => s.target.id === 'SYS-1')?.reverse).toBeUndefined();
    const forSys = new LinkSuggester(input()).suggest('SYS-1', 10);
    expect(forSys.find((s) => s.target.id === 'SW-1')).toMatchObject({ type: 'refines', reverse: true });
    expect(forSys.some((s) => s.target.id === 'SYS-1')).toBe(false);
  });

  it('never offers a requirement of the same level, nor one without a level in the same document', () => {
    const same = [req('A', 'braking distance shall be short', null, 'D'), req('B', 'braking distance shall be measured', null, 'D'), req('C', 'braking distance limits', null, 'E')];
    const s = new LinkSuggester({ requirements: same, artifacts: [], links: [], rejected: [] }).suggest('A', 5);
    expect(s.map((x) => [x.target.id, x.type])).toEqual([['C', 'derived-from']]);
  });

  it('leaves out links already made, to any version of the line, and rejected ones', () => {
    const linked = new LinkSuggester(input({ links: [{ requirement: 'ML-1', target: { kind: 'dataset_version', id: 'patients@1' }, type: 'trained-on' }] })).suggest('ML-1', 10);
    expect(linked.some((s) => s.target.id === 'patients@2')).toBe(false);
    const rejected = new LinkSuggester(input({ rejected: [{ requirement: 'ML-1', target: { kind: 'model_version', id: 'mv-1' }, type: 'satisfies' }] })).suggest('ML-1', 10);
    expect(rejected.some((s) => s.target.id === 'mv-1')).toBe(false);
    expect(rejected.some((s) => s.target.id === 'patients@2')).toBe(true);
  });

  it('leaves out a child whose link to the requirement, made the other way round, exists', () => {
    const s = new LinkSuggester(input({ links: [{ requirement: 'SW-1', target: { kind: 'requirement', id: 'SYS-1' }, type: 'refines' }] })).suggest('SYS-1', 10);
    expect(s.some((x) => x.target.id === 'SW-1')).toBe(false);
  });

  it('learns from links already made: a requirement like a linked one is offered its artifact', () => {
    const more = [...requirements, req('ML-3', 'Invoices of clinicians shall be archived.', 'ml-component', 'ML'), req('ML-4', 'Clinicians invoices shall be exported monthly.', 'ml-component', 'ML')];
    const without = new LinkSuggester(input({ requirements: more })).suggest('ML-4', 10).find((s) => s.target.id === 'mv-1');
    const taught = new LinkSuggester(input({ requirements: more, links: [{ requirement: 'ML-3', target: { kind: 'model_version', id: 'mv-1' }, type: 'satisfies' }] })).suggest('ML-4', 10).find((s) => s.target.id === 'mv-1');
    expect(without).toBeUndefined();
    expect(taught?.reason).toContain('like linked requirements');
  });

  it('reads a requirement\'s acceptance criteria: a criterion naming a dataset brings that dataset', () => {
    const quiet = { ...req('ML-9', 'The classifier shall be accurate enough for billing.', 'ml-component', 'ML'), criteria: ['accuracy >= 0.9 on dataset invoices'] };
    const [first] = new LinkSuggester(input({ requirements: [...requirements, quiet] })).suggest('ML-9', 5);
    expect(first).toMatchObject({ target: { id: 'invoices@1' }, reason: 'name: invoices' });
  });

  it('returns nothing for a requirement it does not know', () => {
    expect(new LinkSuggester(input()).suggest('NOPE', 5)).toEqual([]);
  });
});
