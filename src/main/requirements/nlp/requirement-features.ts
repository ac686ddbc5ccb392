// The classifier's view of a requirement: its raw text, its lemmas with negated words marked (wink-nlp with the English
// lite model shipped inside npm: lemmas, POS and negation scope), and a few cues. Training and classification both
// call featurize(), so a model always sees its inputs built the same way.
import winkNLP, { type ItsFunction, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { FeatureColumn } from '../../training/model-types';

/** The frame's columns, which are also the exported ONNX file's inputs. */
export const FEATURE_NAMES = { text: 'text', lemmas: 'lemmas', negations: 'negations', hasNumber: 'has_number', hasUnit: 'has_unit', modal: 'modal' } as const;
export const FEATURE_COLUMNS: readonly string[] = Object.values(FEATURE_NAMES);

/** The modal verbs that say how binding a requirement is, strongest first; the first one found is the cue. */
export const MODALS = ['shall', 'must', 'will', 'should', 'may', 'can'] as const;
export type ModalCue = (typeof MODALS)[number] | 'none';

/** Lemmas standing for a negation; wink-nlp marks the words in their scope. */
const NEGATORS = new Set(['not', 'no', 'never', 'none', 'nor', 'neither', 'without', "n't", 'cannot']);
/** Parts of speech whose negated form says something else (not allow, not visible); negated articles and the like do not. */
const NEGATABLE = new Set(['VERB', 'ADJ', 'NOUN', 'ADV', 'PROPN']);
/** Marks a negated lemma; an underscore is a word character to the TF-IDF tokenizer, so `not_allow` stays one term. */
const NEGATED_PREFIX = 'not_';
/** wink-nlp's negation scope runs to the next punctuation; only this many words after a negator are marked, its sure scope. */
const NEGATION_REACH = 3;
/** Stands for every number, so "50" and "120" share one term. */
const NUMBER_TERM = 'num_';

/** Units a bound carries after a number ("50 ms", "120 km/h", "99.9 %", "5V"): performance, availability and safety cues. */
const UNITS = new Set(
  (
    'ms s sec secs second seconds min mins minute minutes h hr hrs hour hours day days week weeks month months year years ' +
    'hz khz mhz ghz mm cm m km km/h kmh mph kn knots ft nm µm um kg g mg t lb v mv kv a ma w kw mw kwh j °c °f c k ' +
    '% percent db dba bar mbar pa kpa mpa psi n nm/s rpm fps bps kbps mbps gbps kb mb gb tb byte bytes bit bits ' +
    'users requests transactions messages frames samples cycles ppm lux l ml ul'
  ).split(' '),
);
const NUMBER_WITH_UNIT = /^[0-9]+(?:[.,][0-9]+)?([a-zµ°%/]+)$/u;

/**
 * One wink-nlp instance per process: loading the model takes about 100 ms and it keeps no state between documents,
 * so every featurize() call shares it rather than paying that again.
 */
let nlp: WinkMethods | null = null;
const pipeline = (): WinkMethods => (nlp ??= winkNLP(model, ['sbd', 'negation', 'pos']));

/**
 * wink-nlp's type declarations give `its.lemma` the parameters (index, rdd, addons), which do not fit the ItsFunction
 * that out() takes, though out() calls every its-function alike and the lemma comes back at run time; hence one cast.
 */
const lemmaOf = (its: WinkMethods['its']): ItsFunction<string> => its.lemma as unknown as ItsFunction<string>;

interface Cues {
  lemmas: string;
  negations: number;
  hasNumber: boolean;
  hasUnit: boolean;
  modal: ModalCue;
}

function cuesOf(text: string): Cues {
  const w = pipeline();
  const its = w.its;
  const tokens = w.readDoc(text).tokens();
  const values = tokens.out(its.value);
  const lemmas = tokens.out(lemmaOf(its));
  const pos = tokens.out(its.pos);
  const types = tokens.out(its.type);
  const negated = tokens.out(its.negationFlag).map((f) => f === true);
  const terms: string[] = [];
  let negations = 0;
  let hasNumber = false;
  let hasUnit = false;
  let modal: ModalCue = 'none';
  let sinceNegator = Infinity;
  for (let i = 0; i < lemmas.length; i++) {
    const lemma = lemmas[i].toLowerCase();
    const value = values[i].toLowerCase();
    if (types[i] === 'number' || /^[0-9]/.test(value)) {
      hasNumber = true;
      terms.push(NUMBER_TERM);
      const attached = NUMBER_WITH_UNIT.exec(value);
      const next = values[i + 1]?.toLowerCase().replace(/\.$/, '');
      if ((attached && UNITS.has(attached[1])) || (next !== undefined && UNITS.has(next))) hasUnit = true;
      continue;
    }
    if (types[i] !== 'word') continue;
    sinceNegator++;
    if (NEGATORS.has(lemma) || NEGATORS.has(value)) {
      negations++;
      sinceNegator = 0;
    }
    const m = MODALS.indexOf(value as (typeof MODALS)[number]);
    if (m >= 0 && (modal === 'none' || m < MODALS.indexOf(modal))) modal = MODALS[m];
    terms.push(negated[i] && sinceNegator <= NEGATION_REACH && NEGATABLE.has(pos[i]) ? `${NEGATED_PREFIX}${lemma}` : lemma);
  }
  return { lemmas: terms.join(' '), negations, hasNumber, hasUnit, modal };
}

/** The frame the classifier trains on and reads: one column per FEATURE_NAMES entry, one row per text. */
export function featurize(texts: readonly string[]): FeatureColumn[] {
  const cues = texts.map(cuesOf);
  const numeric = (name: string, pick: (c: Cues) => number): FeatureColumn => ({ name, kind: 'numeric', values: Float64Array.from(cues, pick) });
  return [
    { name: FEATURE_NAMES.text, kind: 'text', values: [...texts] },
    { name: FEATURE_NAMES.lemmas, kind: 'text', values: cues.map((c) => c.lemmas) },
    numeric(FEATURE_NAMES.negations, (c) => c.negations),
    numeric(FEATURE_NAMES.hasNumber, (c) => (c.hasNumber ? 1 : 0)),
    numeric(FEATURE_NAMES.hasUnit, (c) => (c.hasUnit ? 1 : 0)),
    { name: FEATURE_NAMES.modal, kind: 'categorical', values: cues.map((c) => c.modal) },
  ];
}
