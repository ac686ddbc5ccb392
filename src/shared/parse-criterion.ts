// Parses one acceptance criterion ("p95 latency <= 20 ms on provider webgpu batch 8") into its typed form. Keywords are
// case-insensitive; names (metrics, datasets, columns, attributes) are kept as written and quoted when they hold spaces.
import {
  COMPARISON_OPS,
  DISPARITY_PHRASES,
  LATENCY_STATISTICS,
  type AcceptanceCriterion,
  type ComparisonOp,
  type CriterionDataset,
  type DriftCriterionScope,
  type LatencyStatistic,
} from './acceptance-criteria';
import { AppFailure, fail } from './errors';
import type { DisparityName } from './fairness';
import { PROVIDER_NAMES, type ProviderName } from './models';
import { criterionError, tokenize, type Token } from './criterion-tokens';

// The grammar (keywords in any case; NAME is a word, or "quoted" with \" and \\ escapes; N a decimal number):
//   METRIC OP N [on dataset NAME[@VERSION]]                      recall >= 0.98 on dataset holdout
//   (p50|p95|p99|mean) latency OP N ms [on provider P] [batch N] p95 latency <= 20 ms on provider webgpu batch 8
//   DISPARITY OP N on NAME                                       demographic parity difference <= 0.1 on sex
//   drift share OP N [SCOPE]                                     drift share <= 0.3 in the last window
//   no drift in column NAME [SCOPE]  |  no dataset drift [SCOPE] no drift in column age in any window
// OP: >= <= > <; SCOPE: in the last window | in any window (none: the whole report); DISPARITY: DISPARITY_PHRASES.

const EXAMPLES = "for example 'recall >= 0.98 on dataset holdout', 'p95 latency <= 20 ms on provider webgpu' or 'no drift in column age'";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** A metric written bare: as scoring evaluations and runs name them (f1_macro, val_recall, MLflow's eval/loss). */
const BARE_METRIC = /^[A-Za-z][\w./-]*$/;

/** First words that start another kind of criterion: a metric so named must be quoted. */
const RESERVED = new Set(['no', 'drift', ...Object.values(DISPARITY_PHRASES).map((p) => p.split(' ')[0])]);

/** Whether a metric name reads back bare, or needs quotes (a space, or a word that starts another criterion). */
export function isBareMetric(metric: string): boolean {
  return BARE_METRIC.test(metric) && !RESERVED.has(metric.toLowerCase());
}

/** Reads tokens in order; every expectation that fails names what it wanted and where. */
class Cursor {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly endColumn: number,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  /** true (and consumed) when the next token is this keyword */
  accept(word: string): boolean {
    if (!isWord(this.peek(), word)) return false;
    this.at += 1;
    return true;
  }

  expect(word: string): void {
    if (!this.accept(word)) this.fail(`'${word}'`);
  }

  /** the next token, whatever it is (a name) */
  take(what: string): Token {
    const token = this.peek();
    if (!token) return this.fail(what);
    this.at += 1;
    return token;
  }

  fail(expected: string, hint?: string): never {
    const token = this.peek();
    const found = token ? (token.quoted ? `"${token.text}"` : `'${token.text}'`) : 'the end';
    return criterionError(`expected ${expected}${hint ? ` (${hint})` : ''}, found ${found}`, token?.column ?? this.endColumn);
  }

  end(): void {
    if (this.peek()) this.fail('the end of the criterion');
  }
}

function isWord(token: Token | undefined, word: string): boolean {
  return token !== undefined && !token.quoted && token.text.toLowerCase() === word;
}

/** The criterion's typed form; throws BAD_INPUT naming the column of the first problem. */
export function parseCriterion(text: string): AcceptanceCriterion {
  const tokens = tokenize(text);
  const cursor = new Cursor(tokens, text.length + 1);
  if (tokens.length === 0) return criterionError('an acceptance criterion is empty', 1);
  const criterion = parseBody(cursor);
  cursor.end();
  return criterion;
}

/**
 * Several criteria, one per line (a requirement's acceptance criteria as a block of text); blank lines are skipped.
 * An error names the 1-based line as well as the column.
 */
export function parseCriteria(text: string): AcceptanceCriterion[] {
  const criteria: AcceptanceCriterion[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      criteria.push(parseCriterion(line));
    } catch (e) {
      if (!(e instanceof AppFailure)) throw e;
      fail(e.error.code, `line ${i + 1}: ${e.error.message}`, { where: { ...e.error.where, line: i + 1 } });
    }
  });
  return criteria;
}

function parseBody(c: Cursor): AcceptanceCriterion {
  if (c.accept('no')) return parseNoDrift(c);
  if (c.accept('drift')) {
    c.expect('share');
    const op = parseOp(c);
    const threshold = parseNumber(c, 'a share between 0 and 1', (n) => n >= 0 && n <= 1);
    return { kind: 'drift-share', op, threshold, scope: parseDriftScope(c) };
  }
  const statistic = LATENCY_STATISTICS.find((s) => isWord(c.peek(), s) && isWord(c.peek(1), 'latency'));
  if (statistic) return parseLatency(c, statistic);
  const disparity = parseDisparity(c);
  if (disparity) {
    const op = parseOp(c);
    const threshold = parseNumber(c, 'a number');
    if (!c.accept('on')) c.fail("'on' and the sensitive attribute", `'${DISPARITY_PHRASES[disparity]} <= 0.1 on sex'`);
    return { kind: 'fairness', disparity, op, threshold, attribute: takeName(c, 'the sensitive attribute') };
  }
  const first = c.peek();
  if (!first || first.text === '' || (!first.quoted && !BARE_METRIC.test(first.text))) c.fail('a metric, a latency, a fairness difference or a drift criterion', EXAMPLES);
  const metric = c.take('a metric').text;
  const op = parseOp(c);
  const threshold = parseNumber(c, 'a number');
  let dataset: CriterionDataset | null = null;
  if (c.accept('on')) {
    c.expect('dataset');
    dataset = parseDataset(c);
  }
  return { kind: 'metric', metric, op, threshold, dataset };
}

function parseNoDrift(c: Cursor): AcceptanceCriterion {
  if (c.accept('dataset')) {
    c.expect('drift');
    return { kind: 'no-drift', column: null, scope: parseDriftScope(c) };
  }
  if (!c.accept('drift')) c.fail("'drift in column NAME' or 'dataset drift'");
  c.expect('in');
  c.expect('column');
  return { kind: 'no-drift', column: takeName(c, 'a column name'), scope: parseDriftScope(c) };
}

/** Nothing (the whole report), `in the last window` or `in any window`. */
function parseDriftScope(c: Cursor): DriftCriterionScope {
  if (!c.accept('in')) return 'report';
  if (c.accept('any')) {
    c.expect('window');
    return 'any_window';
  }
  if (!c.accept('the')) c.fail("'the last window' or 'any window'");
  c.expect('last');
  c.expect('window');
  return 'latest_window';
}

function parseLatency(c: Cursor, statistic: LatencyStatistic): AcceptanceCriterion {
  c.take('a latency statistic');
  c.take("'latency'");
  const op = parseOp(c);
  const thresholdMs = parseNumber(c, 'a latency in ms', (n) => n >= 0);
  c.expect('ms');
  let provider: ProviderName | null = null;
  let batchSize: number | null = null;
  // the two qualifiers read naturally in either order; each may appear once
  for (;;) {
    const token = c.peek();
    if (provider === null && c.accept('on')) {
      c.expect('provider');
      const name = c.peek();
      provider = PROVIDER_NAMES.find((p) => isWord(name, p)) ?? c.fail(`a provider (${PROVIDER_NAMES.join(', ')})`);
      c.take('a provider');
    } else if (batchSize === null && c.accept('batch')) {
      batchSize = parseNumber(c, 'a batch size (a whole number from 1)', (n) => Number.isInteger(n) && n >= 1);
    } else if (token && (isWord(token, 'on') || isWord(token, 'batch'))) {
      c.fail('the end of the criterion', `'${token.text}' is given twice`);
    } else {
      return { kind: 'latency', statistic, op, thresholdMs, provider, batchSize };
    }
  }
}

/** The fairness phrase starting here, word by word (`demographic parity ratio`); undefined when none starts here. */
function parseDisparity(c: Cursor): DisparityName | undefined {
  let candidates = Object.keys(DISPARITY_PHRASES)
    .filter(isDisparity)
    .map((name) => ({ name, words: DISPARITY_PHRASES[name].split(' ') }))
    .filter((p) => isWord(c.peek(), p.words[0]));
  if (candidates.length === 0) return undefined;
  for (let i = 0; ; i += 1) {
    const done = candidates.find((p) => p.words.length === i);
    if (done) return done.name;
    const next = candidates.filter((p) => isWord(c.peek(), p.words[i]));
    if (next.length === 0) c.fail([...new Set(candidates.map((p) => `'${p.words[i]}'`))].join(' or '));
    c.take('a word');
    candidates = next;
  }
}

function isDisparity(key: string): key is DisparityName {
  return key in DISPARITY_PHRASES;
}

/** A column or attribute name: the next token, bare or quoted, never empty. */
function takeName(c: Cursor, what: string): string {
  const token = c.take(what);
  if (token.text === '') criterionError(`${what} is empty`, token.column);
  return token.text;
}

function parseOp(c: Cursor): ComparisonOp {
  const token = c.peek();
  const op = COMPARISON_OPS.find((o) => token !== undefined && !token.quoted && token.text === o);
  if (!op) return c.fail(`a comparison (${COMPARISON_OPS.join(', ')})`);
  c.take('a comparison');
  return op;
}

function parseNumber(c: Cursor, what: string, valid: (n: number) => boolean = () => true): number {
  const token = c.peek();
  const n = token && !token.quoted && NUMBER.test(token.text) ? Number(token.text) : NaN;
  if (!Number.isFinite(n) || !valid(n)) return c.fail(what);
  c.take(what);
  return n;
}

/** `holdout`, `assays@3`, `"my data"@3` or `"my data@3"`: a dataset name and, after the last `@`, a version. */
function parseDataset(c: Cursor): CriterionDataset {
  const token = c.take('a dataset name');
  let text = token.text;
  const suffix = c.peek();
  if (token.quoted && suffix?.glued && suffix.text.startsWith('@')) {
    text += suffix.text;
    c.take('a version');
  }
  const at = text.lastIndexOf('@');
  const name = at < 0 ? text : text.slice(0, at);
  if (name.trim() === '') criterionError('a dataset name is empty', token.column);
  if (at < 0) return { name, version: null };
  const version = text.slice(at + 1);
  if (!/^[1-9]\d*$/.test(version)) criterionError(`a dataset version is a whole number from 1, not '${version}'`, token.column + (token.quoted ? 0 : at + 1));
  return { name, version: Number(version) };
}
