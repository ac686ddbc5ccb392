// What an .onnx file holds, as import-time inspection reads it (src/main/models/onnx-inspect.ts) and the window shows it.

/** A dimension: a fixed size, a symbolic name ("batch"), or null for an unnamed dynamic one. */
export type OnnxDim = number | string | null;

export type OnnxValueType =
  /** shape null: the model states no rank at all */
  | { kind: 'tensor'; elementType: string; shape: OnnxDim[] | null }
  | { kind: 'sparse_tensor'; elementType: string; shape: OnnxDim[] | null }
  | { kind: 'sequence'; element: OnnxValueType }
  | { kind: 'map'; keyType: string; value: OnnxValueType }
  | { kind: 'optional'; element: OnnxValueType }
  | { kind: 'unknown' };

export interface OnnxValueInfo {
  name: string;
  type: OnnxValueType;
  /** whether onnxruntime-node can feed (input) or return (output) it; `why` says what to do when it cannot */
  scorable: boolean;
  why?: string;
}

export interface OnnxExternalFile {
  /** as written in the model, relative to the model's folder */
  location: string;
  bytes: number;
  sha256: string;
}

export interface OnnxInspection {
  file: string;
  /** the model file plus its external data files */
  bytes: number;
  /**
   * SHA-256 of the .onnx file when it has no external data (so it equals `sha256sum model.onnx`); otherwise the
   * SHA-256 of the text "onnx+external\n<model sha256>\n" followed by "<sha256> <location>\n" per external file,
   * sorted by location, so the weights are part of the identity and renaming the model file is not.
   */
  sha256: string;
  modelSha256: string;
  irVersion: number;
  /** domain '' is reported as 'ai.onnx', as the spec names it */
  opsets: { domain: string; version: number }[];
  producer: { name: string; version: string };
  modelDomain: string;
  modelVersion: number;
  graphName: string;
  docString: string;
  /** every metadata_props entry, in file order */
  metadata: { key: string; value: string }[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** nodes of the main graph and of every subgraph (If, Loop, Scan bodies) */
  nodeCount: number;
  /** "domain:opType" -> nodes, domains named as in `opsets` */
  operators: Record<string, number>;
  initializerCount: number;
  /** elements of every initializer, subgraphs included; a sparse one counts its dense shape's elements */
  parameterCount: number;
  externalData: OnnxExternalFile[];
}
