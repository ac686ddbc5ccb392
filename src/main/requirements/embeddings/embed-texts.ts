// Sentence embeddings from a model folder a user brought across the air gap: transformers.js, with remote models
// off, reads the tokenizer and the ONNX file from that folder only and runs it on our onnxruntime-node; the tokens'
// states are mean-pooled under the attention mask and L2-normalised, as sentence-transformers models are meant to be.
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '../../../shared/errors';
import { oneLine } from '../../../shared/one-line';

/** What a model folder must hold, laid out as a Hugging Face repository with an ONNX export (onnx/model.onnx). */
export const EMBEDDING_MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;

/** Texts per model call: padding is to the longest text of a batch, so batches of similar length waste little. */
const BATCH = 32;

/** One L2-normalised vector per text, in input order, from the sentence-embedding model in `folder` (ONNX + tokenizer). */
export async function embedTexts(folder: string, texts: readonly string[]): Promise<Float32Array[]> {
  const root = path.resolve(folder);
  for (const file of EMBEDDING_MODEL_FILES) {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) {
      fail('FILE_NOT_FOUND', `${full}: missing; a sentence-embedding model folder holds ${EMBEDDING_MODEL_FILES.join(', ')}.`, {
        where: { file: full },
        hint: 'Bring the whole model folder across (e.g. an ONNX export of a sentence-transformers model), not only its .onnx file.',
      });
    }
  }
  if (texts.length === 0) return [];
  // loaded here, not at the top: the package and its native pieces cost only the users who bring a model
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  // an absolute path is read as a path, never as a hub model id, so nothing is joined to localModelPath or fetched
  const extract = await pipeline('feature-extraction', root, { local_files_only: true, dtype: 'fp32', device: 'cpu' }).catch((e: unknown) =>
    fail('BAD_INPUT', `${root}: not a sentence-embedding model transformers.js can load: ${oneLine(e instanceof Error ? e.message : String(e))}`, { where: { file: root } }),
  );
  try {
    // shortest first, so each batch pads to a length close to its own texts'
    const order = texts.map((_, i) => i).sort((x, y) => texts[x].length - texts[y].length);
    const vectors = new Array<Float32Array>(texts.length);
    for (let start = 0; start < order.length; start += BATCH) {
      const batch = order.slice(start, start + BATCH);
      // pooled here, normalised below: transformers.js would divide a zero vector by its zero norm
      const output = await extract(
        batch.map((i) => texts[i]),
        { pooling: 'mean' },
      );
      if (!(output.data instanceof Float32Array)) fail('BAD_INPUT', `${root}: the model gives ${output.type} states, not float32.`, { where: { file: root } });
      const [rows, width] = output.dims;
      for (let r = 0; r < rows; r++) vectors[batch[r]] = unitLength(output.data.slice(r * width, (r + 1) * width));
    }
    return vectors;
  } finally {
    await extract.dispose();
  }
}

/** The vector scaled to length 1 in place; a zero vector (no token the model knows) stays zero, similar to nothing. */
function unitLength(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}
