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
  | 'acceleration'
  | 'torque'
  | 'charge'
  | 'sound-level'
  | 'illuminance'
  | 'luminance'
  | 'pixels'
  | 'resolution';

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
  ['time', 7 * 86400, ['wk', 'week', 'weeks']],
  // a calendar month and year vary: their mean lengths, so "1 month" and "30 days" are close but not equal bounds
  ['time', 30.436875 * 86400, ['month', 'months']],
  ['time', 365.2425 * 86400, ['yr', 'yrs', 'year', 'years']],
  ['length', 1e-6, ['µm', 'um', 'micrometre', 'micrometres', 'micrometer', 'micrometers']],
  ['length', 1e-3, ['mm', 'millimetre', 'millimetres', 'millimeter', 'millimeters']],
  ['length', 1e-2, ['cm', 'centimetre', 'centimetres', 'centimeter', 'centimeters']],
  ['length', 1, ['m', 'metre', 'metres', 'meter', 'meters']],
  ['length', 1000, ['km', 'kilometre', 'kilometres', 'kilometer', 'kilometers']],
  ['length', 0.0254, ['in', 'inch', 'inches']],
  ['length', 0.3048, ['ft', 'foot', 'feet']],
  ['length', 0.9144, ['yd', 'yard', 'yards']],
  ['length', 1609.344, ['mi', 'mile', 'miles']],
  ['length', 1852, ['nmi', 'nautical-mile']],
  // the typographic (DTP) point, 1/72 inch: font sizes
  ['length', 0.0254 / 72, ['pt']],
  ['mass', 1e-9, ['µg', 'ug', 'mcg', 'microgram', 'micrograms']],
  ['mass', 1e-6, ['mg', 'milligram', 'milligrams']],
  ['mass', 1e-3, ['g', 'gram', 'grams']],
  ['mass', 1, ['kg', 'kilogram', 'kilograms']],
  ['mass', 1000, ['t', 'tonne', 'tonnes']],
  ['mass', 0.45359237, ['lb', 'lbs', 'pound', 'pounds']],
  ['mass', 0.028349523125, ['oz', 'ounce', 'ounces']],
  ['speed', 1, ['m/s', 'm/sec']],
  ['speed', 0.3048, ['ft/s']],
  ['speed', 1 / 3.6, ['km/h', 'kph', 'kmh']],
  ['speed', 0.44704, ['mph']],
  ['speed', 0.514444, ['kn', 'knot', 'knots', 'kt', 'kts']],
  ['frequency', 1, ['hz', 'hertz']],
  ['frequency', 1e3, ['khz']],
  ['frequency', 1e6, ['mhz']],
  ['frequency', 1e9, ['ghz']],
  ['frequency', 1 / 60, ['rpm', 'r/min', 'rev/min']],
  ['frequency', 1, ['rps', 'r/s', 'rev/s']],
  ['voltage', 1e-6, ['µv', 'uv', 'microvolt', 'microvolts']],
  ['voltage', 1e-3, ['mv', 'millivolt', 'millivolts']],
  ['voltage', 1, ['v', 'volt', 'volts', 'vdc', 'vac', 'v dc', 'v ac', 'vrms']],
  ['voltage', 1e3, ['kv', 'kilovolt', 'kilovolts']],
  ['current', 1e-6, ['µa', 'ua', 'microampere', 'microamperes']],
  ['current', 1e-3, ['ma', 'milliampere', 'milliamperes', 'milliamp', 'milliamps']],
  ['current', 1, ['a', 'amp', 'amps', 'ampere', 'amperes']],
  ['current', 1e3, ['ka', 'kiloampere', 'kiloamperes']],
  ['power', 1e-3, ['mw', 'milliwatt', 'milliwatts']],
  ['power', 1, ['w', 'watt', 'watts']],
  ['power', 1e3, ['kw', 'kilowatt', 'kilowatts']],
  // not 'mw' for megawatts: lower case, it is the milliwatt
  ['power', 1e6, ['megawatt', 'megawatts']],
  ['power', 745.699872, ['hp', 'horsepower']],
  ['energy', 1, ['j', 'joule', 'joules']],
  ['energy', 1e3, ['kj', 'kilojoule', 'kilojoules']],
  ['energy', 3600, ['wh']],
  ['energy', 3.6e6, ['kwh', 'kw·h']],
  // not 'c' (a temperature written without its degree sign) nor 'mwh' (milli or mega?)
  ['charge', 1, ['coulomb', 'coulombs']],
  ['charge', 3.6, ['mah']],
  ['charge', 3600, ['ah']],
  ['pressure', 1, ['pa', 'pascal', 'pascals']],
  ['pressure', 100, ['hpa']],
  ['pressure', 1e3, ['kpa']],
  ['pressure', 1e6, ['mpa']],
  ['pressure', 1e5, ['bar']],
  ['pressure', 100, ['mbar']],
  ['pressure', 6894.757, ['psi', 'psig', 'psia']],
  ['pressure', 101325, ['atm']],
  ['pressure', 133.322, ['mmhg', 'torr']],
  // ventilators state airway pressures in centimetres of water
  ['pressure', 98.0665, ['cmh2o', 'cm h2o']],
  // not 'k': "56k" is a modem speed far more often than a temperature
  ['temperature', 1, ['kelvin']],
  ['data', 0.125, ['bit', 'bits']],
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
  ['ratio', 1e-3, ['‰', 'permille']],
  ['ratio', 1e-6, ['ppm']],
  ['ratio', 1e-9, ['ppb']],
  ['angle', 1, ['deg', 'degree', 'degrees', '°']],
  ['angle', 1 / 60, ['arcmin']],
  ['angle', 180 / Math.PI / 1000, ['mrad', 'milliradian', 'milliradians']],
  ['angle', 180 / Math.PI, ['rad', 'radian', 'radians']],
  ['volume', 1e-3, ['ml', 'millilitre', 'millilitres', 'milliliter', 'milliliters']],
  ['volume', 1e-2, ['cl', 'centilitre', 'centilitres']],
  ['volume', 0.1, ['dl', 'decilitre', 'decilitres']],
  ['volume', 1, ['l', 'litre', 'litres', 'liter', 'liters']],
  ['volume', 1e3, ['m3', 'm³', 'cubic-metre', 'cubic-meter']],
  ['volume', 3.785411784, ['gal', 'gallon', 'gallons']],
  ['flow', 1, ['l/min']],
  ['flow', 1 / 60, ['l/h']],
  ['flow', 1e-3, ['ml/min']],
  ['flow', 1e-3 / 60, ['ml/h']],
  ['flow', 60, ['l/s']],
  ['flow', 1e3 / 60, ['m3/h', 'm³/h']],
  ['force', 1, ['n', 'newton', 'newtons']],
  ['force', 1e3, ['kn', 'kilonewton', 'kilonewtons']],
  ['force', 9.80665, ['kgf']],
  ['force', 4.4482216, ['lbf']],
  // not 'nm', the nanometre as often as the newton metre: a number before an unknown unit never pairs as the same
  ['torque', 1, ['n·m', 'n-m', 'n m', 'newton-metre', 'newton-meter']],
  ['torque', 1e3, ['knm', 'kn·m']],
  ['torque', 1.3558179, ['lbf·ft', 'ft·lbf', 'lb-ft', 'ft-lb']],
  ['acceleration', 1, ['m/s2', 'm/s²']],
  ['acceleration', 9.80665, ['g-force']],
  // decibels are levels against each one's own reference: only the same kind compares
  ['sound-level', 1, ['db', 'dba', 'db(a)', 'decibel', 'decibels']],
  ['illuminance', 1, ['lx', 'lux']],
  ['luminance', 1, ['cd/m2', 'cd/m²', 'nit', 'nits']],
  // pixels count picture elements, not a length: "18 px" and "18 pt" are not one size
  ['pixels', 1, ['px', 'pixel', 'pixels']],
  ['resolution', 1, ['dpi', 'ppi']],
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

/** The most tokens one unit takes: "dB(A)" is four ('dB', '(', 'A', ')'). */
const longestUnit = 4;

/**
 * The unit that starts at token i, with the index of the token after it; or null. The tokenizer splits a unit at its
 * marks ("°C", "N·m", "m/s²", "dB(A)"): the longest run of touching tokens that names a unit wins, so "m/s²" is an
 * acceleration, not a speed; "V DC" and "cm H2O" are read with their space.
 */
export function readUnit(tokens: readonly Token[], i: number): { unit: Unit; end: number } | null {
  if (tokens[i] === undefined) return null;
  let name = tokens[i].lower;
  const single = unitNamed(name);
  let found = single ? { unit: single, end: i + 1 } : null;
  for (let k = i + 1; k < Math.min(tokens.length, i + longestUnit); k++) {
    const gap = tokens[k].start - tokens[k - 1].end;
    if (gap > 1 || (gap === 1 && tokens[k].kind !== 'word')) break;
    name += (gap === 1 ? ' ' : '') + tokens[k].lower;
    const unit = unitNamed(name);
    if (unit) found = { unit, end: k + 1 };
  }
  return found;
}

export function toBase(value: number, unit: Unit): number {
  return value * unit.factor + (unit.offset ?? 0);
}
