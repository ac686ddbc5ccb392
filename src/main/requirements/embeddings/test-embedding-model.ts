// Test support: a tiny BERT-shaped sentence-embedding model folder (ONNX graph, WordPiece tokenizer.json, config.json),
// laid out as a Hugging Face model repository is, so transformers.js loads it as it would a real one, and no test
// ever downloads a model. Each word of a concept ("halt", "stop", "cease") has that concept's one-hot row, so two
// paraphrases with no word in common get the same vector, as a real model's nearly do.
import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { encodeModel, tensorInfo } from '../../models/test-models';

const { onnx } = onnxProto;
const DT = onnx.TensorProto.DataType;

/** Words of one meaning each: a concept is one dimension of the hidden state. */
export const CONCEPTS: readonly (readonly string[])[] = [
  ['pump', 'motor', 'compressor'],
  ['halt', 'stop', 'cease', 'shutdown'],
  ['display', 'screen', 'console', 'monitor'],
  ['show', 'appear', 'present'],
  ['alarm', 'alarms', 'warning', 'warnings', 'alert', 'alerts'],
  ['log', 'record', 'journal', 'logged', 'recorded'],
  ['temperature', 'heat'],
  ['password', 'passphrase', 'credential', 'credentials'],
  ['rotate', 'change', 'renew', 'expire'],
  ['overheat', 'overheats', 'overheating', 'overtemperature'],
];

/** Words that carry no content here: their rows are zero, so only the concepts set a sentence's direction. */
const FUNCTION_WORDS = ['the', 'a', 'an', 'each', 'every', 'all', 'on', 'in', 'of', 'when', 'if', 'shall', 'must', 'will', 'be', 'not', 'never', 'is', 'it', 'day', '.', ','];
const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** The hidden size: one dimension per concept, and one that only padded positions fill. */
export const HIDDEN = CONCEPTS.length + 1;

export function vocabulary(): string[] {
  return [...new Set([...SPECIAL, ...FUNCTION_WORDS, ...CONCEPTS.flat()])];
}

/**
 * input_ids, attention_mask, token_type_ids [batch, sequence] -> last_hidden_state [batch, sequence, HIDDEN], as a
 * BERT export has them. Padded positions get a constant in the last dimension, as a real encoder leaves something
 * there too: only a pooling that honours the attention mask gets the sentence's own direction.
 */
function graph(vocab: readonly string[]): onnxProto.onnx.IGraphProto {
  const wordRows = vocab.flatMap((word) => {
    const row = new Array<number>(HIDDEN).fill(0);
    const concept = CONCEPTS.findIndex((c) => c.includes(word));
    if (concept >= 0) row[concept] = 1;
    return row;
  });
  const typeRows = new Array<number>(2 * HIDDEN).fill(0);
  const padRow = Array.from({ length: HIDDEN }, (_, i) => (i === HIDDEN - 1 ? 5 : 0));
  const ids = (name: string) => tensorInfo(name, DT.INT64, ['batch_size', 'sequence_length']);
  const floats = (name: string, dims: number[], values: number[]): onnxProto.onnx.ITensorProto => ({ name, dataType: DT.FLOAT, dims, floatData: values });
  return {
    name: 'tiny-bert',
    input: [ids('input_ids'), ids('attention_mask'), ids('token_type_ids')],
    output: [tensorInfo('last_hidden_state', DT.FLOAT, ['batch_size', 'sequence_length', HIDDEN])],
    initializer: [
      floats('word_embeddings', [vocab.length, HIDDEN], wordRows),
      floats('token_type_embeddings', [2, HIDDEN], typeRows),
      floats('pad_row', [HIDDEN], padRow),
      { name: 'one', dataType: DT.INT64, dims: [], int64Data: [1] },
      { name: 'last_axis', dataType: DT.INT64, dims: [1], int64Data: [-1] },
    ],
    node: [
      { opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['words'] },
      { opType: 'Gather', input: ['token_type_embeddings', 'token_type_ids'], output: ['types'] },
      { opType: 'Add', input: ['words', 'types'], output: ['tokens'] },
      { opType: 'Sub', input: ['one', 'attention_mask'], output: ['padded'] },
      { opType: 'Cast', input: ['padded'], output: ['padded_float'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: DT.FLOAT }] },
      { opType: 'Unsqueeze', input: ['padded_float', 'last_axis'], output: ['padded_column'] },
      { opType: 'Mul', input: ['padded_column', 'pad_row'], output: ['padding'] },
      { opType: 'Add', input: ['tokens', 'padding'], output: ['last_hidden_state'] },
    ],
  };
}

/** tokenizer.json as the tokenizers library writes it for a lower-casing BERT WordPiece vocabulary. */
function tokenizerJson(vocab: readonly string[]): unknown {
  const id = (token: string) => vocab.indexOf(token);
  const special = (token: string) => ({ SpecialToken: { id: token, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content) => ({ id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]')],
      pair: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]'), { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
  };
}

/** Writes the model folder (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) into `dir`. */
export function writeTinyEmbeddingModel(dir: string): string {
  const vocab = vocabulary();
  const write = (file: string, content: string | Uint8Array) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  };
  write('config.json', JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: HIDDEN, vocab_size: vocab.length, max_position_embeddings: 512, type_vocab_size: 2 }));
  write('tokenizer_config.json', JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' }));
  write('tokenizer.json', JSON.stringify(tokenizerJson(vocab)));
  write('onnx/model.onnx', encodeModel(graph(vocab)));
  return dir;
}
