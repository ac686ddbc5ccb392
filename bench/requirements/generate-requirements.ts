// Writes the requirements benchmark's input once: N requirements over the 14 classes and six domains, in EARS and
// non-EARS forms, some with vague wording, with planted duplicates (paraphrases) and conflicts (shall / shall not,
// other bounds, the same bound in other units, another value), plus the truth for each.
// Usage: node --import tsx bench/requirements/generate-requirements.ts <count> <seed> <out-dir>
import fs from 'node:fs';
import path from 'node:path';
import { REQUIREMENT_CLASSES, type RequirementClass } from '../../src/shared/requirements-classes';
import { REQUIREMENT_LEVELS } from '../../src/shared/requirements';
import { Random } from '../../src/main/samples/random';

/** A quantity slot: the number's range and its unit (the unit another side may restate it in is in UNIT_ALTERNATIVES). */
interface QuantitySlot {
  min: number;
  max: number;
  unit: string;
}

/**
 * One class's phrasings of what a subject shall do. `[a|b]` is a choice, `{Q:unit:min:max}` a quantity, `{V:a|b|c}`
 * a value a conflicting twin may swap for another of the list.
 */
const ACTIONS: Record<RequirementClass, string[]> = {
  functional: [
    'display the {X} to the [driver|operator|clinician|pilot|dispatcher]',
    'record every {X} fault in the [event log|audit trail|service memory]',
    'compute the [fuel consumption|estimated arrival time|stopping distance|drug concentration|wear index|model drift score] from the [sensor|flow meter|odometer|encoder|inference] data',
    'send the {X} reading to the [fleet server|central station|ward terminal|ground station] every {Q:s:1:60}',
    'start the [wipers|cooling fan|backup pump|data upload|calibration routine] when the [rain sensor|temperature sensor|pressure switch|operator] requests it',
    'store the last {Q:none:100:5000} {X} readings in non-volatile memory',
    'use {V:English|German|French|Spanish|Italian} as the default language of the [menus|reports|alarm texts|voice prompts]',
  ],
  safety: [
    'enter the safe state within {Q:ms:20:500} of detecting a {X} fault',
    'limit the [motor torque|infusion pressure|actuator travel|charging current] to at most {Q:A:2:64}',
    'cut the power to the [robot arm|press tool|high-voltage bus|infusion pump motor] within {Q:ms:10:200} when the [guard door|light curtain|emergency stop] is opened',
    'keep the [steering assist|door lock|brake hold|oxygen supply] active until the [vehicle|train|patient|aircraft] is at a standstill',
    'reject a {X} setpoint outside the limits of the [drug library|speed profile|safety envelope|interlocking table]',
  ],
  security: [
    'authenticate every [user|service technician|remote client|diagnostic tester] before granting access to the [configuration|patient records|flight plan|signalling data]',
    'encrypt the stored {X} history with AES-256',
    'lock the [account|service interface|maintenance port] after {Q:none:3:10} failed login attempts',
    'reject [firmware images|software updates|configuration files|model files] without a valid signature',
    'close an idle [session|diagnostic connection|remote connection] after {Q:min:5:30}',
  ],
  performance: [
    'respond to a {X} request within {Q:ms:50:800}',
    'process at least {Q:none:100:5000} [frames|messages|transactions|inference requests] per second',
    'complete the [start-up|self-test|map update|model reload] within {Q:s:2:120}',
    'update the {X} display at a rate of at least {Q:Hz:5:60}',
  ],
  usability: [
    'allow a trained [operator|nurse|driver|dispatcher] to complete the [dose programming|route setting|trip planning|alarm acknowledgement] in at most {Q:none:3:8} steps',
    'let a new [operator|user|clinician|technician] learn the [main functions|alarm handling|basic workflow] within {Q:min:10:60} of training',
    'show a help text for every {X} setting on request',
    'ask the [operator|user|clinician] to confirm before [deleting a record|stopping the therapy|resetting the counters|discarding a route]',
  ],
  'look-and-feel': [
    'use the colour scheme of the corporate style guide on every [screen|report|dialog]',
    'display {X} warning icons at least {Q:mm:5:20} high',
    'use a font size of at least {Q:pt:10:18} for {X} values',
    'show [alarms|warnings|advisories] in {V:red|amber|yellow|magenta}',
  ],
  availability: [
    'be available {Q:%:95:99} of the time during [operating hours|a service year|a flight day|peak traffic]',
    'not be unavailable for more than {Q:min:5:120} per month',
    'restart the {X} monitoring within {Q:s:5:120} after a [power loss|software crash|network outage]',
    'schedule maintenance outside the [operating hours|peak hours|therapy sessions|flight schedule]',
  ],
  'fault-tolerance': [
    'continue operating with one failed [sensor channel|power supply|network link|processing unit]',
    'switch to the redundant {X} sensor within {Q:ms:10:500} of a fault',
    'detect a stuck {X} sensor and discard its value',
    'keep the last valid {X} value when the [input|link|sensor] signal is lost',
  ],
  maintainability: [
    'allow the replacement of the {X} sensor within {Q:min:5:60}',
    'report diagnostic trouble codes that the service tool can read',
    'keep the [configuration|calibration data|log settings|model parameters] in one versioned file',
    'allow a software update of the [controller|gateway|application|model] without special tools',
  ],
  portability: [
    'run on [Linux|Windows|QNX|VxWorks] and on [Linux|Windows|QNX|VxWorks] without source changes',
    'be installable on any [ARM|x86] target with at least {Q:MB:256:4096} of memory',
    'exchange its [configuration|models|logs] in a documented platform-independent format',
    'write its [configuration|export files|logs] in {V:JSON|XML|CSV|YAML} format',
    'build from the same source for the [test bench|target hardware|simulator]',
  ],
  scalability: [
    'support up to {Q:none:100:50000} concurrent [users|vehicles|patients|trains|sessions]',
    'handle a tenfold growth in [stored records|connected devices|transactions|tracked objects] without redesign',
    'allow additional [servers|processing nodes|stations|sensor units] to be added during operation',
    'keep the {X} query response time constant up to {Q:none:1000:1000000} records',
  ],
  operational: [
    'operate at ambient temperatures between {Q:°C:-40:0} and 55 °C',
    'be operated from the [driver seat|nurse station|cockpit|control room|maintenance bay]',
    'interface with the [hospital information system|traffic management system|flight management system|plant historian]',
    'operate on a supply voltage of {Q:V:12:48}',
    'use {V:CAN|Ethernet|LIN|FlexRay|RS-485} for the [diagnostic|maintenance|status] link to the [gateway|service tool|control room]',
  ],
  legal: [
    'retain the {X} records for {Q:none:5:30} years as required by law',
    'display the licence terms of the open source components it contains',
    'obtain the consent of the [driver|patient|user] before recording [location data|personal data|voice data]',
    'delete personal data of a [user|patient|customer] on request within {Q:d:7:30}',
  ],
  'regulatory-compliance': [
    'be developed according to [ISO 26262 ASIL D|IEC 62304 class C|DO-178C level A|EN 50128 SIL 4|IEC 61508 SIL 3]',
    'meet the electromagnetic compatibility limits of [CISPR 25|IEC 60601-1-2|DO-160G section 21|EN 50121-3-2]',
    'keep the traceability evidence required by [ISO 26262|IEC 62304|DO-178C|EN 50128|the EU AI Act]',
    'pass the type approval tests of [UN R155|UN R156|the FDA 510(k) submission|the EASA certification]',
  ],
};

/** Draws a class: functional requirements are the most common in real specifications, the others equally likely. */
const CLASS_WEIGHTS = REQUIREMENT_CLASSES.map((c) => (c === 'functional' ? 4 : 1));

const DOMAINS: Record<string, { document: string; systems: string[] }> = {
  automotive: { document: 'Vehicle SRS', systems: ['brake controller', 'battery management system', 'infotainment unit', 'lane keeping assistant', 'body control module', 'charging unit', 'park assist'] },
  medical: { document: 'Infusion System SRS', systems: ['infusion pump', 'patient monitor', 'ventilator', 'dose calculator', 'alarm manager', 'drug library server'] },
  avionics: { document: 'Flight Systems SRS', systems: ['flight management system', 'autopilot', 'cabin pressure controller', 'weather radar', 'engine monitor', 'cockpit display'] },
  rail: { document: 'Signalling SRS', systems: ['interlocking', 'train control unit', 'door controller', 'axle counter', 'dispatch console', 'level crossing controller'] },
  industrial: { document: 'Plant Control SRS', systems: ['press controller', 'robot cell', 'conveyor drive', 'safety PLC', 'batch manager', 'cooling skid'] },
  'ml-system': { document: 'ML Platform SRS', systems: ['inference service', 'feature store', 'training pipeline', 'drift monitor', 'model registry', 'labelling tool'] },
};
const DOMAIN_NAMES = Object.keys(DOMAINS);

/** Product names: each requirement's subject is a product's system ("the Vega brake controller"), as in a product line. */
const PRODUCTS = (
  'Aster Borealis Cobalt Delta Ember Fjord Gamma Helix Indigo Juniper Kestrel Lumen Meridian Nimbus Onyx Polaris Quartz Raven ' +
  'Sierra Tundra Umbra Vega Willow Xenon Yarrow Zephyr Altair Bison Cygnus Dorado Electra Falcon Granite Harbor Ion Jade'
).split(' ');

const EVENTS = ['the ignition is switched on', 'a new order is received', 'the operator presses the start button', 'the door is closed', 'the self-test has finished', 'a new model version is deployed', 'the train enters the platform', 'the occlusion sensor reports a blockage'];
const STATES = ['the vehicle is moving', 'the therapy is running', 'the aircraft is airborne', 'the line is in automatic mode', 'the service mode is active', 'the battery is charging'];
const FAULTS = ['the supply voltage drops below the minimum', 'the communication with the gateway is lost', 'the temperature sensor fails', 'a checksum error is detected', 'the watchdog expires'];
const FEATURES = ['the trailer option is installed', 'a second display is fitted', 'the remote service option is enabled', 'the redundant link is configured'];

/** Vague wording the lint must find, inserted before the final full stop of about one requirement in six. */
const VAGUE = ['as appropriate', 'if possible', 'quickly', 'in a timely manner', 'with adequate accuracy', 'in a user-friendly way', 'etc.', '(TBD)', 'where possible', 'as far as possible'];

/** Units a conflicting twin may restate a bound in: the same value in the other unit. */
const UNIT_ALTERNATIVES: Record<string, { unit: string; factor: number }> = {
  ms: { unit: 's', factor: 0.001 },
  s: { unit: 'ms', factor: 1000 },
  min: { unit: 's', factor: 60 },
  A: { unit: 'mA', factor: 1000 },
  mm: { unit: 'cm', factor: 0.1 },
  MB: { unit: 'GB', factor: 0.001 },
};

type EarsForm = 'ubiquitous' | 'event-driven' | 'state-driven' | 'unwanted-behaviour' | 'optional' | 'none';

/** A drawn requirement before its text is written: everything a twin needs to restate it. */
interface Draft {
  cls: RequirementClass;
  domain: string;
  subject: string;
  /** the sentence with the modal as `{M}` and the quantity as `{Q}` (both may be absent) */
  frame: string;
  modal: string;
  quantity: { value: number; unit: string } | null;
  values: string[] | null;
  value: string | null;
  vague: string | null;
  /** the EARS pattern when the modal is "shall"; 'none' whatever the form with another modal */
  ears: EarsForm;
  /**
   * The system and the action with its choices made (numbers and values masked): at most one original requirement per
   * family, so two requirements that differ only in the product, the condition, a number or the modal verb are always
   * planted twins, never a chance draw (a specification does not state one function twice for sister products).
   */
  family: string;
}

export interface PlantedPair {
  a: string;
  b: string;
  relation: 'duplicate' | 'conflict';
  kind: string;
}

/** Measured signals, 16 x 12 of them: the object of most actions, so 20,000 requirements do not repeat each other. */
const SIGNAL_SOURCES = 'coolant brake cabin oil hydraulic fuel battery motor pump valve door axle wheel track bearing rotor'.split(' ');
const SIGNAL_KINDS = 'temperature pressure level flow speed current voltage position status torque vibration load'.split(' ');

function expandChoices(random: Random, template: string): string {
  return template
    .replace(/\[([^\]]+)\]/g, (_, options: string) => random.pick(options.split('|')))
    .replace('{X}', () => `${random.pick(SIGNAL_SOURCES)} ${random.pick(SIGNAL_KINDS)}`);
}

function draft(random: Random): Draft {
  const cls = random.weighted(REQUIREMENT_CLASSES, CLASS_WEIGHTS);
  const domain = random.pick(DOMAIN_NAMES);
  const system = random.pick(DOMAINS[domain].systems);
  const subject = `the ${random.pick(PRODUCTS)} ${system}`;
  let action = expandChoices(random, random.pick(ACTIONS[cls]));
  let quantity: Draft['quantity'] = null;
  const q = /\{Q:([^:]+):([-\d.]+):([-\d.]+)\}/.exec(action);
  if (q !== null) {
    const slot: QuantitySlot = { unit: q[1], min: Number(q[2]), max: Number(q[3]) };
    quantity = { value: random.int(slot.min, slot.max), unit: slot.unit };
    action = action.replace(q[0], '{Q}');
  }
  let values: string[] | null = null;
  let value: string | null = null;
  const v = /\{V:([^}]+)\}/.exec(action);
  if (v !== null) {
    values = v[1].split('|');
    value = random.pick(values);
    action = action.replace(v[0], '{V}');
  }
  const form = random.weighted<EarsForm>(['ubiquitous', 'event-driven', 'state-driven', 'unwanted-behaviour', 'optional', 'none'], [4, 2, 1.5, 1.5, 1, 2]);
  const modal = form === 'none' ? random.pick(['must', 'will', 'should']) : 'shall';
  const main = `${subject} {M} ${action}`;
  const clause =
    form === 'event-driven'
      ? `When ${random.pick(EVENTS)}, `
      : form === 'state-driven'
        ? `While ${random.pick(STATES)}, `
        : form === 'unwanted-behaviour'
          ? `If ${random.pick(FAULTS)}, then `
          : form === 'optional'
            ? `Where ${random.pick(FEATURES)}, `
            : '';
  const frame = clause === '' ? capitalise(main) : `${clause}${main}`;
  const vague = random.chance(1 / 6) ? random.pick(VAGUE) : null;
  // the EARS form the sentence has once its modal is "shall" (a paraphrase may make it so); a trigger after the
  // response ("shall start the pump when ...") is not EARS, which puts the trigger first
  const unconditioned = form === 'ubiquitous' || form === 'none';
  const ears: EarsForm = unconditioned ? (/\b(when|if|while)\b/.test(action) ? 'none' : 'ubiquitous') : form;
  return { cls, domain, subject, frame, modal, quantity, values, value, vague, ears, family: `${system}|${action}` };
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

function write(d: Draft): string {
  const quantity = d.quantity === null ? '' : d.quantity.unit === 'none' ? formatNumber(d.quantity.value) : d.quantity.unit === '%' ? `${formatNumber(d.quantity.value)} %` : `${formatNumber(d.quantity.value)} ${d.quantity.unit}`;
  const body = d.frame.replace('{M}', d.modal).replace('{Q}', quantity).replace('{V}', d.value ?? '');
  return `${body}${d.vague === null ? '' : ` ${d.vague}`}`.replace(/\.$/, '') + '.';
}

/** A paraphrase: another modal verb and, where the sentence has one, a synonym the pairs finder folds together. */
const SYNONYMS: Array<[RegExp, string]> = [
  [/\bdisplay\b/, 'show'],
  [/\brecord\b/, 'log'],
  [/\bstart\b/, 'begin'],
  [/\bdetect\b/, 'spot'],
  [/\boperator\b/, 'user'],
  [/\bcheck\b/, 'verify'],
];

function paraphrase(d: Draft): Draft {
  let frame = d.frame;
  for (const [from, to] of SYNONYMS) {
    if (from.test(frame)) {
      frame = frame.replace(from, to);
      break;
    }
  }
  return { ...d, frame, modal: d.modal === 'shall' ? 'must' : 'shall' };
}

type ConflictKind = 'negation' | 'bound' | 'unit' | 'value';

function conflicting(random: Random, d: Draft): { twin: Draft; kind: ConflictKind } {
  if (d.value !== null && d.values !== null) {
    const other = random.pick(d.values.filter((v) => v !== d.value));
    return { twin: { ...d, value: other }, kind: 'value' };
  }
  if (d.quantity !== null && d.quantity.unit !== 'none' && d.quantity.unit !== '%') {
    const alt = UNIT_ALTERNATIVES[d.quantity.unit];
    if (alt !== undefined && random.chance(0.5)) return { twin: { ...d, quantity: { value: d.quantity.value * alt.factor, unit: alt.unit } }, kind: 'unit' };
    return { twin: { ...d, quantity: { ...d.quantity, value: d.quantity.value * random.pick([2, 3, 5]) } }, kind: 'bound' };
  }
  return { twin: { ...d, modal: `${d.modal} not` }, kind: 'negation' };
}

export interface Generated {
  rows: Array<{ id: string; document: string; level: string; text: string; cls: RequirementClass; domain: string; subject: string; ears: EarsForm; vague: string }>;
  planted: PlantedPair[];
}

/** Draws count requirements: about 1.5 % are paraphrases of an earlier one, about 1 % contradict an earlier one. */
export function generate(count: number, seed: number): Generated {
  const random = new Random(seed);
  const rows: Generated['rows'] = [];
  const drafts: Draft[] = [];
  const planted: PlantedPair[] = [];
  const seen = new Set<string>();
  // twins are drawn from originals only: a twin of a twin would pair with two requirements, one of them unplanned
  const originals: number[] = [];
  // and each original gets one twin at most: two paraphrases of one requirement would be an unplanned pair
  const takeOriginal = (): number => {
    const k = random.int(0, originals.length - 1);
    const i = originals[k];
    originals[k] = originals[originals.length - 1];
    originals.pop();
    return i;
  };
  const idOf = (i: number) => `GEN-${String(i + 1).padStart(5, '0')}`;
  const push = (d: Draft) => {
    drafts.push(d);
    rows.push({
      id: idOf(rows.length),
      document: DOMAINS[d.domain].document,
      level: random.pick(REQUIREMENT_LEVELS),
      text: write(d),
      cls: d.cls,
      domain: d.domain,
      subject: d.subject,
      ears: d.modal.startsWith('shall') ? d.ears : 'none',
      vague: d.vague ?? '',
    });
  };
  while (rows.length < count) {
    const r = random.next();
    if (originals.length > 100 && r < 0.015) {
      const i = takeOriginal();
      push(paraphrase(drafts[i]));
      planted.push({ a: idOf(i), b: idOf(rows.length - 1), relation: 'duplicate', kind: 'paraphrase' });
      continue;
    }
    if (originals.length > 100 && r < 0.025) {
      const i = takeOriginal();
      const { twin, kind } = conflicting(random, drafts[i]);
      push(twin);
      planted.push({ a: idOf(i), b: idOf(rows.length - 1), relation: 'conflict', kind });
      continue;
    }
    let d = draft(random);
    for (let tries = 1; seen.has(d.family); tries++) {
      if (tries === 10_000) throw new Error(`the templates allow about ${seen.size} distinct requirements: ask for fewer`);
      d = draft(random);
    }
    seen.add(d.family);
    originals.push(rows.length);
    push(d);
  }
  return { rows, planted };
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function main(): void {
  const [countArg, seedArg, out] = process.argv.slice(2);
  const count = Number(countArg);
  const seed = Number(seedArg);
  if (!Number.isInteger(count) || count < 200 || !Number.isInteger(seed) || !out) {
    throw new Error('usage: generate-requirements.ts <count >= 200> <seed> <out-dir>');
  }
  const { rows, planted } = generate(count, seed);
  fs.mkdirSync(out, { recursive: true });
  const csv = ['id,document,level,text', ...rows.map((r) => [r.id, r.document, r.level, r.text].map(csvField).join(','))].join('\n') + '\n';
  fs.writeFileSync(path.join(out, 'requirements.csv'), csv);
  // what each requirement is, for scoring the answers (never read by Airlock)
  const truth = rows.map((r) => ({ id: r.id, class: r.cls, domain: r.domain, subject: r.subject, ears: r.ears, vague: r.vague }));
  fs.writeFileSync(path.join(out, 'truth.json'), JSON.stringify(truth));
  const tally = <K extends string>(keys: K[]) => keys.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});
  // plan.json is written last: its presence means the folder is whole
  const plan = {
    count,
    seed,
    classes: tally(rows.map((r) => r.cls)),
    documents: tally(rows.map((r) => r.document)),
    ears: tally(rows.map((r) => r.ears)),
    vague: rows.filter((r) => r.vague !== '').length,
    planted: { duplicates: planted.filter((p) => p.relation === 'duplicate').length, conflicts: tally(planted.filter((p) => p.relation === 'conflict').map((p) => p.kind)) },
    pairs: planted,
  };
  fs.writeFileSync(path.join(out, 'plan.json'), JSON.stringify(plan, null, 1));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
