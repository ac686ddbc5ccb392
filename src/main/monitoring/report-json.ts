// A drift report as a JSON file people can read and tools can parse: the stored DriftReport itself, nothing added or left out.
import type { DriftReport } from '../../shared/monitoring';

const INDENT = '  ';
/** Longest object of plain values written on one line. */
const SHORT_OBJECT = 80;

/**
 * The report as JSON. JSON has no Infinity or NaN: they are written as null, as JSON.stringify writes them (a
 * severity of Infinity, from a p-value of 0, reads back as null beside `drift: true` and its statistic). Objects are
 * indented; arrays of plain values (histogram counts, edges, category names) and short objects of plain values stay on
 * one line, so a report with hundreds of histograms stays a few screens per column instead of one number per line. The text parses to exactly
 * what JSON.parse(JSON.stringify(report)) gives.
 */
export function reportJson(report: DriftReport): string {
  return `${write(report, '')}\n`;
}

function write(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return scalar(value) ?? 'null';
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    // an array cell JSON cannot hold (undefined, a function) is written as null, as JSON.stringify does
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => scalar(v) ?? 'null').join(',')}]`;
    return `[\n${value.map((v) => inner + write(v, inner)).join(',\n')}\n${indent}]`;
  }
  // object members JSON cannot hold are left out, as JSON.stringify leaves them out
  const members = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (members.length === 0) return '{}';
  // a small object of plain values ({dataset, version}, {below, above}) reads best on one line
  if (members.every(([, v]) => v === null || typeof v !== 'object')) {
    const flat = `{${members.map(([k, v]) => `${JSON.stringify(k)}: ${scalar(v)}`).join(', ')}}`;
    if (flat.length <= SHORT_OBJECT) return flat;
  }
  return `{\n${members.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** A plain value's JSON text, or undefined for what JSON cannot hold. */
function scalar(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  return undefined;
}
