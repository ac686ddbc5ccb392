import { describe, expect, it } from 'vitest';
import type { RequirementPair } from '../../../shared/requirements-lint';
import { findPairs, findPairsCounted } from './find-pairs';
import { quantitiesOf } from './quantities';
import { termsOf } from './requirement-terms';
import { tokenize } from '../lint/tokenize';

const withIds = (texts: string[]) => texts.map((text, i) => ({ id: `R${i + 1}`, text }));
/** The relation findPairs gives the two texts, among a few unrelated requirements that give the index its word statistics. */
function relationOf(a: string, b: string): RequirementPair | undefined {
  const background = [
    'The ventilator shall deliver a tidal volume between 50 and 2000 ml.',
    'The flight management system shall compute the top of descent.',
    'The interlocking shall set a route only when all points are locked.',
    'The logger shall keep the last 1000 events in flash memory.',
    'The robot arm shall stop within 50 ms when the light curtain is broken.',
    'The model service shall reject an input image larger than 4096 pixels.',
  ];
  return findPairs(withIds([a, b, ...background])).find((p) => p.a === 'R1' && p.b === 'R2');
}

describe('findPairs', () => {
  it('finds paraphrases as duplicates: synonyms, inflections, word order', () => {
    const p = relationOf('The infotainment unit shall display the current speed to the driver.', 'The infotainment unit shall show the driver the current speed.');
    expect(p).toMatchObject({ relation: 'duplicate', score: 1 });
    expect(relationOf('The ECU shall record every detected fault.', 'Each fault detected shall be logged by the ECU.')).toMatchObject({ relation: 'duplicate' });
  });

  it('reports different numeric bounds for the same quantity as a conflict, converting units', () => {
    const p = relationOf('The brake controller shall respond to a pedal request within 200 ms.', 'The brake controller shall respond to a pedal request within 0.5 s.');
    expect(p?.relation).toBe('conflict');
    expect(p?.reason).toContain('"within 200 ms" vs "within 0.5 s"');
    expect(relationOf('The cabin temperature shall be between 18 and 24 °C.', 'The cabin temperature shall be at least 26 °C.')?.reason).toContain('exclude each other');
  });

  it('reports the same quantity written in other units as a conflict to settle', () => {
    const p = relationOf('The charger shall limit the output current to at most 16 A.', 'The charger shall limit the output current to at most 16000 mA.');
    expect(p).toMatchObject({ relation: 'conflict' });
    expect(p?.reason).toContain('the same current in different units');
  });

  it('reports "shall" against "shall not" and one differing value as conflicts', () => {
    expect(relationOf('The pump shall stop when the door opens.', 'The pump shall not stop when the door opens.')?.reason).toContain('"shall not"');
    expect(relationOf('The default language shall be English.', 'The default language shall be German.')?.reason).toContain('"English" vs "German"');
  });

  it('leaves near-misses alone: other subjects, compatible bounds, bounds phrased with "not"', () => {
    expect(relationOf('The system shall log each login attempt.', 'The system shall log each logout attempt.')).toBeUndefined();
    expect(relationOf('The brake response time shall be at most 200 ms.', 'The display refresh time shall be at most 500 ms.')).toBeUndefined();
    // one bound from above, one from below, both satisfiable: two requirements, neither a duplicate nor a conflict
    expect(relationOf('The pump shall build the pressure within 200 ms.', 'The pump shall build the pressure in at least 100 ms.')).toBeUndefined();
    // "no more than 5 s" is a bound, not a negation of the other's "shall"
    expect(relationOf('The alarm shall sound within 5 s of a fault.', 'The alarm shall sound no more than 5 s after a fault.')?.relation).not.toBe('conflict');
    expect(relationOf('The system shall display the speed.', 'The system shall display the altitude.')).toBeUndefined();
  });

  it('takes neither a substitution nor an exception nor a verb after "to" for a duplicate or a conflict', () => {
    // each has a term the other lacks: two access rights, not one requirement twice
    expect(relationOf('The disputes system shall provide view access for authorized users.', 'The disputes system shall provide update access for authorized users.')).toBeUndefined();
    // the "shall not" has its own condition: an exception to the first, not a contradiction
    expect(relationOf('The estimator shall apply the recycled parts to the estimate.', 'The estimator shall not apply the recycled parts to the estimate if no parts are returned.')).toBeUndefined();
    // "select to view" vs "select to save": two actions, not two values of one setting (which "set to" would be)
    expect(relationOf('The user shall select to view the facility ratings.', 'The user shall select to save the facility ratings.')).toBeUndefined();
    expect(relationOf('The display mode shall be set to night.', 'The display mode shall be set to day.')?.relation).toBe('conflict');
    // a "not" in a relative clause leaves the requirement positive
    expect(relationOf('The game shall end when the last ship of the player is sunk.', 'The game shall end when the last ship of the player that was not marked is sunk.')?.relation).not.toBe('conflict');
  });

  it('pairs only requirements of one actor: sister systems and products sharing the rest of their wording are no pair', () => {
    const harbor = (system: string, rest: string) => `The Harbor ${system} ${rest}`;
    expect(relationOf(harbor('battery management system', 'will keep the log settings in one versioned file.'), harbor('flight management system', 'shall not keep the log settings in one versioned file.'))).toBeUndefined();
    expect(relationOf(harbor('door controller', 'shall close an idle session after 5 min.'), harbor('press controller', 'shall close an idle session after 20 min.'))).toBeUndefined();
    expect(relationOf('The Vega brake controller shall display the brake temperature.', 'The Onyx brake controller must show the brake temperature.')).toBeUndefined();
    expect(relationOf('The system in Berlin shall record every fault.', 'The system in Munich shall record every fault.')).toBeUndefined();
    // the same actor keeps its pairs
    expect(relationOf(harbor('battery management system', 'will keep the log settings in one versioned file.'), harbor('battery management system', 'shall not keep the log settings in one versioned file.'))?.relation).toBe('conflict');
  });

  it('takes the subject of an EARS main clause or a passive’s "by" phrase for the actor', () => {
    const shallNot = (text: string) => text.replace('shall', 'shall not');
    const ears = 'If the supply voltage drops below the minimum, then the Vega autopilot shall keep the last valid rotor speed value.';
    expect(relationOf(ears, shallNot(ears))?.reason).toContain('"shall not"');
    expect(relationOf(ears, shallNot(ears).replace('Vega', 'Onyx'))).toBeUndefined();
    // a condition inside the actor's span is no part of the actor
    expect(relationOf('The pump, when the door opens, shall stop.', 'The pump shall halt when the door opens.')).toMatchObject({ relation: 'duplicate' });
    expect(relationOf('The ECU shall record every detected fault.', 'Each detected fault shall be logged by the gateway.')).toBeUndefined();
  });

  it('reads a condition written after the response like one written first, for a duplicate', () => {
    const after = 'The pump shall stop within 2 s when the door of the washing chamber opens.';
    expect(relationOf(after, 'When the door of the washing chamber opens, the pump shall stop within 2 s at the latest.')?.relation).toBe('duplicate');
    // but two leading conditions must each hold the other's words
    expect(relationOf('When the door opens, the pump shall stop within 2 s.', 'When the lid opens, the pump shall stop within 2 s.')?.relation).not.toBe('duplicate');
  });

  it('calls a bound or a "shall not" a conflict only about one thing under one condition', () => {
    // the replacement of two sensors: two requirements
    expect(relationOf('The Harbor axle counter shall allow the replacement of the motor speed sensor within 55 min.', 'The Harbor axle counter shall allow the replacement of the axle speed sensor within 29 min.')).toBeUndefined();
    // under its own condition another bound is an exception
    expect(relationOf('While the vehicle is moving, the Xenon park assist shall update the map within 59 s.', 'The Xenon park assist shall update the map within 10 s.')).toBeUndefined();
    expect(relationOf('While the vehicle is moving, the Xenon park assist shall update the map within 59 s.', 'While the vehicle is moving, the Xenon park assist shall update the map within 10 s.')?.relation).toBe('conflict');
    // a restatement with more words still contradicts
    expect(relationOf('The brake controller shall respond to a pedal request within 200 ms.', 'The brake controller shall always respond to a pedal request within 0.5 s.')?.relation).toBe('conflict');
  });

  it('never makes two different numbers a duplicate, whatever unit follows them', () => {
    expect(relationOf('The cockpit display shall use a font size of at least 18 pt for alarms.', 'The cockpit display shall use a font size of at least 90 pt for alarms.')?.reason).toContain('different bounds for the same length');
    expect(relationOf('The cockpit display shall draw alarm icons at least 18 zorks wide.', 'The cockpit display shall draw alarm icons at least 90 zorks wide.')?.reason).toContain('different numbers "18" vs "90"');
    expect(relationOf('The service port shall lock after 3 failed login attempts.', 'The service port shall lock after 5 failed login attempts.')?.relation).toBe('conflict');
    expect(relationOf('The cockpit display shall draw alarm icons at least 18 px wide.', 'The cockpit display shall draw alarm icons at least 18 pt wide.')).toBeUndefined();
    expect(relationOf('The service port shall lock after 3 failed login attempts.', 'The service port must lock after 3 failed login attempts.')?.relation).toBe('duplicate');
  });

  it('folds common requirement verbs and their inflections together, and only synonyms', () => {
    const same = [
      ['The weather radar shall detect a stuck rotor sensor.', 'The weather radar must spot a stuck rotor sensor.'],
      ['The logger shall store the trip data.', 'The logger shall save the trip data.'],
      ['The gateway shall transmit the status every second.', 'The gateway shall send the status every second.'],
      ['The registry shall delete expired models.', 'Expired models shall be removed by the registry.'],
      ['The pump shall reject an invalid dose.', 'The pump shall refuse an invalid dose.'],
      ['The monitor shall compute the drift score.', 'The monitor shall calculate the drift score.'],
    ];
    for (const [a, b] of same) expect(relationOf(a, b), `${a} / ${b}`).toMatchObject({ relation: 'duplicate' });
    const other = [
      ['The logger shall store the trip data.', 'The logger shall delete the trip data.'],
      ['The weather radar shall detect a stuck rotor sensor.', 'The weather radar shall report a stuck rotor sensor.'],
      ['The gateway shall send the status every second.', 'The gateway shall receive the status every second.'],
      ['The pump shall reject an invalid dose.', 'The pump shall accept an invalid dose.'],
    ];
    for (const [a, b] of other) expect(relationOf(a, b), `${a} / ${b}`).toBeUndefined();
  });

  it('names each pair by the ids in input order and sorts pairs by score', () => {
    const pairs = findPairs(
      withIds([
        'The default language shall be English.',
        'The pump shall stop when the door opens.',
        'The default language shall be German.',
        'The pump shall halt when the door opens.',
      ]),
    );
    expect(pairs.map((p) => [p.a, p.b, p.relation])).toEqual([
      ['R2', 'R4', 'duplicate'],
      ['R1', 'R3', 'conflict'],
    ]);
  });

  it('finds the planted pairs among 20,000 generated requirements with far fewer than all-pairs comparisons', () => {
    const requirements = generatedRequirements(20_000);
    const n = requirements.length;
    requirements.push(
      { id: 'DUP-A', text: 'The cooling fan controller shall notify the maintenance crew of a blocked air filter.' },
      { id: 'DUP-B', text: 'The maintenance crew shall be alerted by the cooling fan controller of a blocked air filter.' },
      { id: 'CON-A', text: 'The parking brake actuator shall apply a clamping force of at least 12 kN.' },
      { id: 'CON-B', text: 'The parking brake actuator shall apply a clamping force of at least 15000 N.' },
    );
    const started = performance.now();
    const { pairs, comparisons } = findPairsCounted(requirements);
    const seconds = (performance.now() - started) / 1000;
    const allPairs = ((n + 4) * (n + 3)) / 2;
    expect(comparisons).toBeLessThan(allPairs / 100);
    expect(seconds).toBeLessThan(20); // bounded; bench/requirements measures the real figure
    expect(pairs.find((p) => p.a === 'DUP-A')).toMatchObject({ b: 'DUP-B', relation: 'duplicate' });
    expect(pairs.find((p) => p.a === 'CON-A')).toMatchObject({ b: 'CON-B', relation: 'conflict' });
  });
});

describe('termsOf', () => {
  it('tells the actor, the leading condition and what it shall do apart, and says when it cannot tell the actor', () => {
    // terms are stems: "voltage" and "voltages" are both "voltag"
    const parts = (text: string) => {
      const t = termsOf(text);
      return [t.actor, t.condition.join(' '), t.predicate.join(' ')];
    };
    expect(parts('The Harbor battery management system shall keep the log settings.')).toEqual(['battery harbor management system', '', 'keep log setting']);
    expect(parts('If the supply voltage drops, then the autopilot must not engage.')).toEqual(['autopilot', 'drop supply voltag', 'engag']);
    expect(parts('When the door opens, while the line runs, the pump shall stop.')).toEqual(['pump', 'door line open run', 'stop']);
    expect(parts('The pump, when the door opens, shall stop.')).toEqual(['pump', 'door open', 'stop']);
    expect(parts('Each detected fault shall be logged by the ECU within 5 s.')).toEqual(['ecu', '', 'detect fault log']);
    expect(parts('The pump shall be started by pressing the button.')).toEqual(['pump', '', 'button press start']);
    expect(parts('The default language is English.')).toEqual(['default languag', '', 'english']);
    // no modal verb, no comma after the condition, or a pronoun: the actor is unknown, and every term is what it does
    expect(parts('When the door opens the pump shall stop.')).toEqual([null, '', 'door open pump stop']);
    expect(parts('It shall stop.')).toEqual([null, '', 'stop']);
    expect(parts('Stop the pump.')).toEqual([null, '', 'pump stop']);
  });
});

describe('quantitiesOf', () => {
  const of = (text: string) => quantitiesOf(tokenize(text), text).map((q) => [q.dimension, q.bound, q.lo, q.hi, q.text]);

  it('reads upper, lower, exact and range bounds in base units', () => {
    expect(of('within 200 ms')).toEqual([['time', 'max', -Infinity, 0.2, 'within 200 ms']]);
    expect(of('at least 3 bar')).toEqual([['pressure', 'min', 300000, Infinity, 'at least 3 bar']]);
    expect(of('not more than 2 km')).toEqual([['length', 'max', -Infinity, 2000, 'not more than 2 km']]);
    expect(of('5 s or less')).toEqual([['time', 'max', -Infinity, 5, '5 s or less']]);
    expect(of('shall be 12 V')).toEqual([['voltage', 'eq', 12, 12, '12 V']]);
    expect(of('between 20 and 25 °C')[0].slice(0, 2)).toEqual(['temperature', 'range']);
    expect(of('between 20 and 25 °C')[0][2]).toBeCloseTo(293.15, 9);
    expect(of('retry 3 times in section 4')).toEqual([]);
  });

  it('reads the units requirements use, split by the tokenizer or not, each in its own dimension', () => {
    const read = (text: string) => quantitiesOf(tokenize(text), text).map((q) => [q.dimension, q.lo, q.unit]);
    const cases: Array<[string, string, number, string]> = [
      ['at least 18 pt', 'length', 0.00635, 'pt'],
      ['at least 44 px', 'pixels', 44, 'px'],
      ['at least 300 dpi', 'resolution', 300, 'dpi'],
      ['at least 85 dB(A)', 'sound-level', 85, 'db(a)'],
      ['at least 500 lux', 'illuminance', 500, 'lux'],
      ['at least 250 cd/m²', 'luminance', 250, 'cd/m²'],
      ['at least 3000 rpm', 'frequency', 50, 'rpm'],
      ['at least 40 N·m', 'torque', 40, 'n·m'],
      ['at least 2 bar', 'pressure', 200000, 'bar'],
      ['at least 30 cmH2O', 'pressure', 2941.995, 'cmh2o'],
      ['at least 95 %', 'ratio', 0.95, '%'],
      ['at least 5 ppm', 'ratio', 5e-6, 'ppm'],
      ['at least 250 g', 'mass', 0.25, 'g'],
      ['at least 24 V DC', 'voltage', 24, 'vdc'],
      ['at least 2 A', 'current', 2, 'a'],
      ['at least 60 W', 'power', 60, 'w'],
      ['at least 50 kHz', 'frequency', 50000, 'khz'],
      ['at least 2000 mAh', 'charge', 7200, 'mah'],
      ['at least 9.81 m/s²', 'acceleration', 9.81, 'm/s²'],
      ['at least 2 weeks', 'time', 1209600, 'weeks'],
    ];
    for (const [text, dimension, lo, unit] of cases) {
      const [q] = read(text);
      expect([q?.[0], q?.[2]], text).toEqual([dimension, unit]);
      expect(q?.[1], text).toBeCloseTo(lo, 9);
    }
    // nanometre or newton metre: an unknown unit is no quantity (and its number still tells two requirements apart)
    expect(read('at least 40 Nm')).toEqual([]);
  });
});

/**
 * Requirements in the shape of a real specification: an EARS frame ("When the ... is ..., the ... shall ... within
 * N unit") filled with terms drawn from a 12,000-word vocabulary with Zipf frequencies, as words in real
 * specifications are: a few terms are in most requirements, most terms in a few.
 */
function generatedRequirements(n: number): Array<{ id: string; text: string }> {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const syllables = 'ka to ri mu se lo va pe ni zu ro ta me fi do la gu be si ne ko ha ju wa'.split(' ');
  const size = 12_000;
  const vocabulary = Array.from({ length: size }, (_, i) => syllables[i % 24] + syllables[Math.floor(i / 24) % 24] + syllables[Math.floor(i / 576) % 24]);
  let sum = 0;
  const cumulative = vocabulary.map((_, r) => (sum += 1 / (r + 1)));
  const term = () => {
    const u = random() * sum;
    let lo = 0;
    for (let hi = size - 1; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo];
  };
  const units = ['ms', 's', 'Hz', 'V', 'bar', 'mA', 'kB'];
  return Array.from({ length: n }, (_, i) => ({
    id: `G${i}`,
    text: `When the ${term()} ${term()} is ${term()}, the ${term()} ${term()} shall ${term()} the ${term()} ${term()} of the ${term()} within ${1 + (i % 500)} ${units[i % 7]}.`,
  }));
}
