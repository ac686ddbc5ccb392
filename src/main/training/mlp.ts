// A small multilayer perceptron trainer (ReLU hidden layers, Adam, minibatches, L2) after scikit-learn 1.2's MLPClassifier/MLPRegressor.
import { fail } from '../../shared/errors';
import type { ModelBody, Task, TrainerHooks } from './model-types';

export interface MlpParams {
  hiddenLayerSizes: number[];
  /** L2 penalty on the weights (not the biases), as sklearn's alpha */
  alpha: number;
  /** rows per Adam step; sklearn's 'auto' is min(200, rows) */
  batchSize: number;
  learningRateInit: number;
  /** epochs: passes over the training rows */
  maxIter: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** the same seed gives the same weights and the same shuffles, so the same model bit for bit */
  seed: number;
}

export const MLP_DEFAULTS: MlpParams = {
  hiddenLayerSizes: [100],
  alpha: 1e-4,
  batchSize: 200,
  learningRateInit: 1e-3,
  maxIter: 200,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  seed: 0,
};

/** Held-out rows, row-major like X, with labels coded as for training. */
export interface MlpValidation {
  X: Float64Array;
  rows: number;
  y: ArrayLike<number>;
}

/**
 * mulberry32: a tiny seeded generator with good statistics for shuffling and initialisation. Our own rather than
 * a library's, so a library upgrade can never change a trained model.
 */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Layer {
  inputs: number;
  units: number;
  /** weights[u * inputs + i] */
  weights: Float64Array;
  bias: Float64Array;
  gradW: Float64Array;
  gradB: Float64Array;
  /** Adam's first and second moments, weights then bias */
  m: Float64Array;
  v: Float64Array;
}

/**
 * sklearn's Glorot-uniform initialisation, with its narrower range before a sigmoid output. We tried He-uniform
 * for the ReLU layers: on the fixture it scored about a point below sklearn, this matches it.
 */
function makeLayer(inputs: number, units: number, sigmoidOutput: boolean, next: () => number): Layer {
  const bound = Math.sqrt((sigmoidOutput ? 2 : 6) / (inputs + units));
  const weights = new Float64Array(inputs * units);
  for (let i = 0; i < weights.length; i++) weights[i] = (2 * next() - 1) * bound;
  const bias = new Float64Array(units);
  for (let i = 0; i < units; i++) bias[i] = (2 * next() - 1) * bound;
  const size = weights.length + units;
  return {
    inputs,
    units,
    weights,
    bias,
    gradW: new Float64Array(weights.length),
    gradB: new Float64Array(units),
    m: new Float64Array(size),
    v: new Float64Array(size),
  };
}

/** Trains on the row-major matrix X; y holds class indices for classifiers and targets for regression. */
export function trainMlp(
  X: Float64Array,
  rows: number,
  features: number,
  y: ArrayLike<number>,
  task: Task,
  classes: number,
  params: Partial<MlpParams> = {},
  hooks: TrainerHooks = {},
  validation?: MlpValidation,
): { body: ModelBody } {
  const p: MlpParams = { ...MLP_DEFAULTS, ...params };
  const held = validation && validation.rows > 0 ? validation : undefined;
  if (rows < 1 || X.length !== rows * features || y.length !== rows) fail('BAD_INPUT', `X must be ${rows} x ${features} with ${rows} labels`);
  const outputs = task === 'multiclass' ? classes : 1;
  const next = seededUniform(p.seed);
  const sizes = [features, ...p.hiddenLayerSizes, outputs];
  const layers = sizes.slice(1).map((units, l) => makeLayer(sizes[l], units, task === 'binary' && l === sizes.length - 2, next));
  const batch = Math.max(1, Math.min(p.batchSize, rows));
  const net = new Network(layers, batch, task);
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;

  let step = 0;
  for (let epoch = 1; epoch <= p.maxIter; epoch++) {
    hooks.checkCancelled?.();
    // Fisher-Yates with the seeded generator: a fresh order each epoch, the same orders for the same seed.
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    let lossSum = 0;
    for (let from = 0; from < rows; from += batch) {
      const m = Math.min(batch, rows - from);
      net.load(X, features, order, from, m);
      net.forward(m);
      lossSum += net.lossAndDelta(y, order, from, m, true) * m;
      net.backward(m, p.alpha);
      step++;
      adamStep(layers, p, step);
    }
    const metrics: Record<string, number> = { train_loss: lossSum / rows };
    if (held) metrics.val_loss = net.meanLoss(held.X, features, held.rows, held.y);
    hooks.onStep?.({ step: epoch, metrics });
  }
  return {
    body: {
      kind: 'mlp',
      layers: layers.map((layer) => ({
        weights: Array.from({ length: layer.units }, (_, u) => Array.from(layer.weights.subarray(u * layer.inputs, (u + 1) * layer.inputs))),
        bias: Array.from(layer.bias),
      })),
    },
  };
}

/** Forward and backward passes over one minibatch, in buffers allocated once. */
class Network {
  /** acts[0] holds the batch's inputs, acts[l + 1] the outputs of layer l (ReLU applied except for the last) */
  private readonly acts: Float64Array[];
  /** deltas[l]: d(loss)/d(pre-activation) of layer l's units, per batch row */
  private readonly deltas: Float64Array[];

  constructor(
    private readonly layers: Layer[],
    private readonly batch: number,
    private readonly task: Task,
  ) {
    this.acts = [new Float64Array(batch * layers[0].inputs), ...layers.map((l) => new Float64Array(batch * l.units))];
    this.deltas = layers.map((l) => new Float64Array(batch * l.units));
  }

  /** Copies m rows (order[from..from+m), or from..from+m when order is null) into the input buffer. */
  load(X: Float64Array, features: number, order: Uint32Array | null, from: number, m: number): void {
    const input = this.acts[0];
    for (let r = 0; r < m; r++) {
      const row = order ? order[from + r] : from + r;
      input.set(X.subarray(row * features, (row + 1) * features), r * features);
    }
  }

  /** Same sums in the same order as predictScores(), so the trained body scores as it did here. */
  forward(m: number): void {
    this.layers.forEach((layer, l) => {
      const { inputs, units, weights, bias } = layer;
      const input = this.acts[l];
      const out = this.acts[l + 1];
      const last = l === this.layers.length - 1;
      for (let r = 0; r < m; r++) {
        for (let u = 0; u < units; u++) {
          let s = bias[u];
          for (let i = 0; i < inputs; i++) s += weights[u * inputs + i] * input[r * inputs + i];
          out[r * units + u] = last || s > 0 ? s : 0;
        }
      }
    });
  }

  /**
   * Mean loss of the batch's scores (log-loss, or squared error / 2 as sklearn's MLPRegressor) and, when withDelta,
   * the output deltas: the loss's gradient w.r.t. the scores, which is prediction - target for all three.
   */
  lossAndDelta(y: ArrayLike<number>, order: Uint32Array | null, from: number, m: number, withDelta: boolean): number {
    const k = this.layers[this.layers.length - 1].units;
    const scores = this.acts[this.acts.length - 1];
    const delta = this.deltas[this.deltas.length - 1];
    let total = 0;
    for (let r = 0; r < m; r++) {
      const t = y[order ? order[from + r] : from + r];
      if (this.task === 'regression') {
        const d = scores[r] - t;
        total += 0.5 * d * d;
        if (withDelta) delta[r] = d;
      } else if (this.task === 'binary') {
        const z = scores[r];
        const e = Math.exp(-Math.abs(z));
        total += Math.log1p(e) + (z > 0 ? z : 0) - t * z;
        if (withDelta) delta[r] = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - t;
      } else {
        let max = -Infinity;
        for (let j = 0; j < k; j++) max = Math.max(max, scores[r * k + j]);
        let sum = 0;
        for (let j = 0; j < k; j++) sum += Math.exp(scores[r * k + j] - max);
        total += Math.log(sum) + max - scores[r * k + t];
        if (withDelta) for (let j = 0; j < k; j++) delta[r * k + j] = Math.exp(scores[r * k + j] - max) / sum - (j === t ? 1 : 0);
      }
    }
    return total / m;
  }

  /** Gradients of the batch's mean loss plus (alpha / 2m) * |W|^2, as sklearn scales its penalty per batch. */
  backward(m: number, alpha: number): void {
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const { inputs, units, weights, gradW, gradB } = this.layers[l];
      const delta = this.deltas[l];
      const input = this.acts[l];
      for (let w = 0; w < gradW.length; w++) gradW[w] = alpha * weights[w];
      gradB.fill(0);
      for (let r = 0; r < m; r++) {
        for (let u = 0; u < units; u++) {
          const d = delta[r * units + u];
          if (d === 0) continue;
          gradB[u] += d;
          for (let i = 0; i < inputs; i++) gradW[u * inputs + i] += d * input[r * inputs + i];
        }
      }
      for (let w = 0; w < gradW.length; w++) gradW[w] /= m;
      for (let u = 0; u < units; u++) gradB[u] /= m;
      if (l === 0) break;
      // Delta of the layer below: back through the weights, zero where its ReLU was off.
      const below = this.deltas[l - 1];
      for (let r = 0; r < m; r++) {
        for (let i = 0; i < inputs; i++) {
          if (input[r * inputs + i] <= 0) {
            below[r * inputs + i] = 0;
            continue;
          }
          let s = 0;
          for (let u = 0; u < units; u++) s += delta[r * units + u] * weights[u * inputs + i];
          below[r * inputs + i] = s;
        }
      }
    }
  }

  /** Mean loss over a whole matrix, a batch at a time. */
  meanLoss(X: Float64Array, features: number, rows: number, y: ArrayLike<number>): number {
    let total = 0;
    for (let from = 0; from < rows; from += this.batch) {
      const m = Math.min(this.batch, rows - from);
      this.load(X, features, null, from, m);
      this.forward(m);
      total += this.lossAndDelta(y, null, from, m, false) * m;
    }
    return total / rows;
  }
}

/** One Adam update of every layer from its gradients, with sklearn's bias-corrected step size. */
function adamStep(layers: Layer[], p: MlpParams, t: number): void {
  const rate = (p.learningRateInit * Math.sqrt(1 - p.beta2 ** t)) / (1 - p.beta1 ** t);
  for (const layer of layers) {
    const { weights, bias, gradW, gradB, m, v } = layer;
    const nW = weights.length;
    for (let i = 0; i < m.length; i++) {
      const g = i < nW ? gradW[i] : gradB[i - nW];
      m[i] = p.beta1 * m[i] + (1 - p.beta1) * g;
      v[i] = p.beta2 * v[i] + (1 - p.beta2) * g * g;
      const change = (rate * m[i]) / (Math.sqrt(v[i]) + p.epsilon);
      if (i < nW) weights[i] -= change;
      else bias[i - nW] -= change;
    }
  }
}
