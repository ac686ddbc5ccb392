// Units of measure found in requirements, with the dimension each measures and its factor to that dimension's base
// unit, so "200 ms" and "0.2 s" compare as the same time (and the lint knows a unit when it sees one).
import type { Token } from '../lint/tokenize';

export type Dimension =
  | 'time'
  | 'length'
  | 'mass'
  | 'speed'
  | 'frequency'
  | 'voltage'
  | 'current'
  | 'power'
  | 'energy'
  | 'pressure'
  | 'temperature'
  | 'data'
  | 'data-rate'
  | 'ratio'
  | 'angle'
  | 'volume'
  | 'flow'
  | 'force'
  | 'acceleration';

export interface Unit {
  dimension: Dimension;
  /** value in the base unit = value * factor + offset (offset only for temperatures) */
  factor: number;
  offset?: number;
}

const table: Array<[Dimension, number, string[]]> = [
  ['time', 1e-9, ['ns', 'nanosecond', 'nanoseconds']],
  ['time', 1e-6, ['µs', 'us', 'microsecond', 'microseconds']],
  ['time', 1e-3, ['ms', 'msec', 'millisecond', 'milliseconds']],
  ['time', 1, ['s', 'sec', 'secs', 'second', 'seconds']],
  ['time', 60, ['min', 'mins', 'minute', 'minutes']],
  ['time', 3600, ['h', 'hr', 'hrs', 'hour', 'hours']],
  ['time', 86400, ['d', 'day', 'days']],
  ['length', 1e-6, ['µm', 'um', 'micrometre', 'micrometres', 'micrometer', 'micrometers']],
  ['length', 1e-3, ['mm', 'millimetre', 'millimetres', 'millimeter', 'millimeters']],
  ['length', 1e-2, ['cm', 'centimetre', 'centimetres', 'centimeter', 'centimeters']],
  ['length', 1, ['m', 'metre', 'metres', 'meter', 'meters']],
  ['length', 1000, ['km', 'kilometre', 'kilometres', 'kilometer', 'kilometers']],
  ['length', 0.0254, ['in', 'inch', 'inches']],
  ['length', 0.3048, ['ft', 'foot', 'feet']],
  ['length', 0.9144, ['yd', 'yard', 'yards']],
  ['length', 1609.344, ['mi', 'mile', 'miles']],
  ['mass', 1e-6, ['mg', 'milligram', 'milligrams']],
  ['mass', 1e-3, ['g', 'gram', 'grams']],
  ['mass', 1, ['kg', 'kilogram', 'kilograms']],
  ['mass', 1000, ['t', 'tonne', 'tonnes']],
  ['mass', 0.45359237, ['lb', 'lbs', 'pound', 'pounds']],
  ['speed', 1, ['m/s']],
  ['speed', 1 / 3.6, ['km/h', 'kph', 'kmh']],
  ['speed', 0.44704, ['mph']],
  ['speed', 0.514444, ['kn', 'knot', 'knots', 'kt', 'kts']],
  ['frequency', 1, ['hz', 'hertz']],
  ['frequency', 1e3, ['khz']],
  ['frequency', 1e6, ['mhz']],
  ['frequency', 1e9, ['ghz']],
  ['frequency', 1 / 60, ['rpm']],
  ['voltage', 1e-3, ['mv', 'millivolt', 'millivolts']],
  ['voltage', 1, ['v', 'volt', 'volts', 'vdc', 'vac']],
  ['voltage', 1e3, ['kv', 'kilovolt', 'kilovolts']],
  ['current', 1e-6, ['µa', 'ua', 'microampere', 'microamperes']],
  ['current', 1e-3, ['ma', 'milliampere', 'milliamperes', 'milliamp', 'milliamps']],
  ['current', 1, ['a', 'amp', 'amps', 'ampere', 'amperes']],
  ['power', 1e-3, ['mw', 'milliwatt', 'milliwatts']],
  ['power', 1, ['w', 'watt', 'watts']],
  ['power', 1e3, ['kw', 'kilowatt', 'kilowatts']],
  ['energy', 1, ['j', 'joule', 'joules']],
  ['energy', 3600, ['wh']],
  ['energy', 3.6e6, ['kwh']],
  ['pressure', 1, ['pa', 'pascal', 'pascals']],
  ['pressure', 1e3, ['kpa']],
  ['pressure', 1e6, ['mpa']],
  ['pressure', 1e5, ['bar']],
  ['pressure', 100, ['mbar']],
  ['pressure', 6894.757, ['psi']],
  // not 'k': "56k" is a modem speed far more often than a temperature
  ['temperature', 1, ['kelvin']],
  ['data', 1, ['byte', 'bytes']],
  ['data', 1e3, ['kb', 'kilobyte', 'kilobytes']],
  ['data', 1e6, ['mb', 'megabyte', 'megabytes']],
  ['data', 1e9, ['gb', 'gigabyte', 'gigabytes']],
  ['data', 1e12, ['tb', 'terabyte', 'terabytes']],
  ['data', 1024, ['kib']],
  ['data', 1024 ** 2, ['mib']],
  ['data', 1024 ** 3, ['gib']],
  ['data-rate', 1, ['bit/s', 'bps']],
  ['data-rate', 1e3, ['kbit/s', 'kbps']],
  ['data-rate', 1e6, ['mbit/s', 'mbps']],
  ['data-rate', 1e9, ['gbit/s', 'gbps']],
  ['ratio', 0.01, ['%', 'percent']],
  ['ratio', 1e-6, ['ppm']],
  ['angle', 1, ['deg', 'degree', 'degrees', '°']],
  ['angle', 180 / Math.PI, ['rad', 'radian', 'radians']],
  ['volume', 1e-3, ['ml', 'millilitre', 'millilitres', 'milliliter', 'milliliters']],
  ['volume', 1, ['l', 'litre', 'litres', 'liter', 'liters']],
  ['flow', 1, ['l/min']],
  ['flow', 1 / 60, ['l/h']],
  ['flow', 1e-3, ['ml/min']],
  ['force', 1, ['n', 'newton', 'newtons']],
  ['force', 1e3, ['kn']],
  ['acceleration', 1, ['m/s2', 'm/s²']],
  ['acceleration', 9.80665, ['g-force']],
];

const units = new Map<string, Unit>();
for (const [dimension, factor, names] of table) for (const name of names) units.set(name, { dimension, factor });
// "°C" and "°F" arrive as '°' then 'C'; the temperature reader asks for them by these names.
units.set('°c', { dimension: 'temperature', factor: 1, offset: 273.15 });
units.set('°f', { dimension: 'temperature', factor: 5 / 9, offset: 273.15 - (32 * 5) / 9 });
units.set('celsius', { dimension: 'temperature', factor: 1, offset: 273.15 });
units.set('fahrenheit', { dimension: 'temperature', factor: 5 / 9, offset: 273.15 - (32 * 5) / 9 });

/** The unit a lower-case token names ("ms", "km/h", "%"), or undefined. */
export function unitNamed(lower: string): Unit | undefined {
  return units.get(lower);
}

/** The unit that starts at token i (one token, or '°' and 'C'), with the index of the token after it; or null. */
export function readUnit(tokens: readonly Token[], i: number): { unit: Unit; end: number } | null {
  const t = tokens[i];
  if (t === undefined) return null;
  const next = tokens[i + 1];
  if (t.text === '°' && next !== undefined && next.start === t.end) {
    const degrees = unitNamed('°' + next.lower);
    if (degrees) return { unit: degrees, end: i + 2 };
  }
  const unit = unitNamed(t.lower);
  return unit ? { unit, end: i + 1 } : null;
}

export function toBase(value: number, unit: Unit): number {
  return value * unit.factor + (unit.offset ?? 0);
}
