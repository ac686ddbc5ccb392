// What the evaluation forms read from their fields, as pure functions: lists of whole numbers typed by hand, and the
// model inputs the host cannot map to dataset columns by itself.
import type { ColumnSchema } from '../../../../../shared/domain';
import type { ModelVersionInfo } from '../../../../../shared/models';
import type { OnnxValueInfo } from '../../../../../shared/onnx-model';

/** `1, 8 64` as whole numbers of at least `min`, in the order typed; a one-line problem when one is not */
export function parseWholeNumbers(text: string, min: number, what: string): number[] | string {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) < min);
  return bad === undefined ? parts.map(Number) : `'${bad}' is not ${what}`;
}

/** benchmark batch sizes: at least one, each once, smallest first */
export function parseBatchSizes(text: string): number[] | string {
  const sizes = parseWholeNumbers(text, 1, 'a batch size (a whole number of at least 1)');
  if (typeof sizes === 'string') return sizes;
  return sizes.length === 0 ? 'give at least one batch size' : [...new Set(sizes)].sort((a, b) => a - b);
}

/** values per row an input takes, when every dim after the batch is fixed */
function fixedRowSize(input: OnnxValueInfo): number | null {
  if (input.type.kind !== 'tensor' || !input.type.shape) return null;
  const rest = input.type.shape.slice(1);
  return rest.every((d): d is number => typeof d === 'number') ? rest.reduce((a, b) => a * b, 1) : null;
}

/**
 * The inputs the host cannot map by itself: an input named like a column takes it, and one input left over takes the
 * remaining columns only when its row size says how many (the rule of src/main/models/input-mapping.ts's mapInputs,
 * which checks again and answers in one line when a mapping given in the window does not fit).
 */
export function inputsNeedingColumns(version: ModelVersionInfo, columns: ColumnSchema[], target: string | null): OnnxValueInfo[] {
  const inputs = version.inspection?.inputs ?? [];
  if (columns.length === 0) return [];
  const names = new Set(columns.map((c) => c.name));
  const left = inputs.filter((i) => !names.has(i.name));
  if (left.length !== 1) return left;
  const remaining = columns.filter((c) => c.name !== target && !inputs.some((i) => i.name === c.name)).length;
  return fixedRowSize(left[0]) === remaining ? [] : left;
}

/** the mapping to send: only inputs given columns, or nothing */
export function mappingOrNothing(mapping: Record<string, string[]>): Record<string, string[]> | undefined {
  return Object.keys(mapping).length > 0 ? mapping : undefined;
}
