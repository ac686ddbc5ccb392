// Sentence embeddings from a model folder a user brought across the air gap. STUB: slice R7 implements it.
import { fail } from '../../../shared/errors';

/** One L2-normalised vector per text, from the sentence-embedding model in `folder` (ONNX + tokenizer). */
export async function embedTexts(folder: string, texts: readonly string[]): Promise<Float32Array[]> {
  return fail('BAD_INPUT', `${folder}: semantic features are not built yet (${texts.length} texts).`);
}
