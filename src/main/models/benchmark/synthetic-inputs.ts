// Inputs made up from a model's declared input types and shapes, for a benchmark without a dataset: latency depends
// on the shapes and element types, not on what the values mean. Seeded, so two benchmarks feed the same values.
import { fail } from '../../../shared/errors';
import type { OnnxValueInfo } from '../../../shared/onnx-model';
import { Prng } from '../../tuning/prng';
import type { BatchTensor } from '../input-mapping';

/** What a synthesised input looks like: its dims with the batch (and any other dynamic dim) resolved. */
export interface SyntheticInput {
  name: string;
  elementType: string;
  /** dims after the batch; a symbolic or unnamed one there is taken as 1 */
  rowShape: number[];
  /** the batch dim when the model fixes it */
  fixedBatch: number | null;
}

/** The text fed to string inputs: an unseen category, which encoders map to their default as they would in use. */
export const SYNTHETIC_STRING = 'a';

const USE_A_DATASET = 'Benchmark it on a dataset version instead (--dataset NAME@VERSION).';

type Maker = (n: number, prng: Prng, dims: number[]) => BatchTensor;
const digits = (n: number, prng: Prng): number[] => Array.from({ length: n }, () => prng.nextUint32() % 10);

/** Floats uniform in [0, 1), integers 0 to 9, booleans 0 or 1, strings SYNTHETIC_STRING. */
const MAKERS: Readonly<Record<string, Maker>> = {
  FLOAT: (n, prng, dims) => ({ type: 'float32', data: Float32Array.from({ length: n }, () => prng.next()), dims }),
  DOUBLE: (n, prng, dims) => ({ type: 'float64', data: Float64Array.from({ length: n }, () => prng.next()), dims }),
  STRING: (n, _prng, dims) => ({ type: 'string', data: new Array<string>(n).fill(SYNTHETIC_STRING), dims }),
  BOOL: (n, prng, dims) => ({ type: 'bool', data: Uint8Array.from(digits(n, prng), (d) => d % 2), dims }),
  INT8: (n, prng, dims) => ({ type: 'int8', data: Int8Array.from(digits(n, prng)), dims }),
  UINT8: (n, prng, dims) => ({ type: 'uint8', data: Uint8Array.from(digits(n, prng)), dims }),
  INT16: (n, prng, dims) => ({ type: 'int16', data: Int16Array.from(digits(n, prng)), dims }),
  UINT16: (n, prng, dims) => ({ type: 'uint16', data: Uint16Array.from(digits(n, prng)), dims }),
  INT32: (n, prng, dims) => ({ type: 'int32', data: Int32Array.from(digits(n, prng)), dims }),
  UINT32: (n, prng, dims) => ({ type: 'uint32', data: Uint32Array.from(digits(n, prng)), dims }),
  INT64: (n, prng, dims) => ({ type: 'int64', data: BigInt64Array.from(digits(n, prng), BigInt), dims }),
  UINT64: (n, prng, dims) => ({ type: 'uint64', data: BigUint64Array.from(digits(n, prng), BigInt), dims }),
};

/** Each input's element type and row shape, refusing inputs that cannot be made up (no rank, not a tensor, a scalar). */
export function syntheticInputs(inputs: readonly OnnxValueInfo[]): SyntheticInput[] {
  return inputs.map((input) => {
    const type = input.type;
    if (type.kind !== 'tensor') {
      return fail('BAD_INPUT', `Input '${input.name}' is a ${type.kind}, not a tensor, so no values can be made up for it.`, {
        where: { field: input.name },
        hint: USE_A_DATASET,
      });
    }
    if (type.shape === null || type.shape.length === 0) {
      const what = type.shape === null ? 'states no shape' : 'is a single value (shape [])';
      return fail('BAD_INPUT', `Input '${input.name}' ${what}, so it has no batch dim to vary.`, {
        where: { field: input.name },
        hint: USE_A_DATASET,
      });
    }
    const elementType = type.elementType.toUpperCase();
    if (!Object.hasOwn(MAKERS, elementType)) {
      return fail('BAD_INPUT', `Input '${input.name}' takes ${type.elementType} values, which Airlock cannot make up.`, {
        where: { field: input.name },
        hint: USE_A_DATASET,
      });
    }
    const [batch, ...rest] = type.shape;
    return {
      name: input.name,
      elementType,
      rowShape: rest.map((d) => (typeof d === 'number' ? d : 1)),
      fixedBatch: typeof batch === 'number' ? batch : null,
    };
  });
}

/** One batch of `rows` rows of each input; every input draws from its own stream, so adding one leaves the others alone. */
export function syntheticBatch(inputs: readonly SyntheticInput[], rows: number, seed = 7): Record<string, BatchTensor> {
  const out: Record<string, BatchTensor> = {};
  inputs.forEach((input, i) => {
    const dims = [rows, ...input.rowShape];
    out[input.name] = MAKERS[input.elementType](dims.reduce((a, b) => a * b, 1), new Prng(seed + i), dims);
  });
  return out;
}
