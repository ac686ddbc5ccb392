// Turns a stored Arrow cell back into the plain value the API hands out (datetimes as ISO 8601 strings).
import type { Vector } from 'apache-arrow';
import type { CellValue, ColumnType } from '../../shared/domain';

export function cellValue(vector: Vector, index: number, type: ColumnType): CellValue {
  const v = vector.get(index) as unknown;
  if (v === null || v === undefined) return null;
  if (type === 'datetime') return new Date(Number(v)).toISOString();
  if (typeof v === 'bigint') return Number(v);
  return v as CellValue;
}
