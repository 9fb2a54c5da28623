import * as tf from '@tensorflow/tfjs';
import { createRng } from './random.js';

/** A trained multilayer perceptron: dense layers with ReLU between them and a softmax output. */
export interface MlpWeights {
  layers: { inputs: number; outputs: number; w: string; b: string }[];
}

export interface MlpOptions {
  hidden: number[];
  seed: number;
  learningRate: number;
  /** Rows per step; 0 = adaptive (about 100 steps per epoch, between 128 and 1024 rows). */
  batchSize: number;
  maxEpochs: number;
  /** Epochs without improvement of the validation loss before stopping (the best epoch's weights are kept). */
  patience: number;
  l2: number;
}

/** Rows of inputs (n × inputs), soft targets (n × classes, each row sums to 1) and per-row weights. */
export interface TrainingSet {
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
  n: number;
}

export interface TrainingResult {
  weights: MlpWeights;
  epochs: number;
  bestEpoch: number;
  validLoss: number;
}

export const DEFAULT_MLP: MlpOptions = {
  hidden: [64, 32],
  seed: 1,
  learningRate: 0.003,
  batchSize: 0,
  maxEpochs: 30,
  patience: 5,
  l2: 0,
};

/**
 * Trains with Adam on the weighted cross-entropy, shuffling with our seeded PRNG and starting from Glorot-uniform
 * weights drawn from it, so the same data, options and backend give the same weights. Early stopping on `valid`.
 */
export async function trainMlp(
  train: TrainingSet,
  valid: TrainingSet,
  inputs: number,
  classes: number,
  options: MlpOptions,
  onEpoch?: (epoch: number, validLoss: number) => void,
): Promise<TrainingResult> {
  const rng = createRng(options.seed);
  const sizes = [inputs, ...options.hidden, classes];
  const variables = sizes.slice(1).map((outputs, i) => {
    const fanIn = sizes[i]!;
    const limit = Math.sqrt(6 / (fanIn + outputs));
    const w = Float32Array.from({ length: fanIn * outputs }, () => rng.uniform(-limit, limit));
    return { w: tf.variable(tf.tensor2d(w, [fanIn, outputs])), b: tf.variable(tf.zeros([outputs])) };
  });
  const optimizer = tf.train.adam(options.learningRate);
  let best = { loss: Infinity, epoch: 0, snapshot: snapshotWeights(variables, sizes) };
  let epoch = 0;
  const batchSize =
    options.batchSize || Math.min(1024, Math.max(128, 2 ** Math.round(Math.log2(train.n / 100))));
  try {
    for (epoch = 1; epoch <= options.maxEpochs; epoch++) {
      const order = rng.permutation(train.n);
      for (let start = 0; start < train.n; start += batchSize) {
        const batch = order.subarray(start, Math.min(train.n, start + batchSize));
        const { x, y, w } = gatherBatch(train, batch, inputs, classes);
        tf.tidy(() => {
          const xt = tf.tensor2d(x, [batch.length, inputs]);
          const yt = tf.tensor2d(y, [batch.length, classes]);
          const wt = tf.tensor1d(w);
          optimizer.minimize(() => lossOf(variables, xt, yt, wt, options.l2) as tf.Scalar, false);
        });
      }
      const loss = evaluateLoss(variables, valid, inputs, classes);
      onEpoch?.(epoch, loss);
      if (loss < best.loss - 1e-5) best = { loss, epoch, snapshot: snapshotWeights(variables, sizes) };
      else if (epoch - best.epoch >= options.patience) break;
    }
  } finally {
    for (const v of variables) {
      v.w.dispose();
      v.b.dispose();
    }
    optimizer.dispose();
  }
  return {
    weights: best.snapshot,
    epochs: Math.min(epoch, options.maxEpochs),
    bestEpoch: best.epoch,
    validLoss: best.loss,
  };
}

/** Log-probabilities (n × classes) for rows of inputs, computed in batches. */
export function predictLogProbs(
  weights: MlpWeights,
  x: Float32Array,
  n: number,
  batchSize = 16_384,
): Float32Array {
  const inputs = weights.layers[0]!.inputs;
  const classes = weights.layers[weights.layers.length - 1]!.outputs;
  const out = new Float32Array(n * classes);
  const layers = weights.layers.map((l) => ({
    w: tf.tensor2d(decodeFloats(l.w), [l.inputs, l.outputs]),
    b: tf.tensor1d(decodeFloats(l.b)),
  }));
  try {
    for (let start = 0; start < n; start += batchSize) {
      const rows = Math.min(batchSize, n - start);
      const result = tf.tidy(() => {
        const xt = tf.tensor2d(x.subarray(start * inputs, (start + rows) * inputs), [rows, inputs]);
        return tf.logSoftmax(forward(layers, xt));
      });
      out.set(result.dataSync() as Float32Array, start * classes);
      result.dispose();
    }
  } finally {
    for (const l of layers) {
      l.w.dispose();
      l.b.dispose();
    }
  }
  return out;
}

type Layer = { w: tf.Tensor2D | tf.Variable; b: tf.Tensor1D | tf.Variable };

function forward(layers: Layer[], x: tf.Tensor2D): tf.Tensor2D {
  let h: tf.Tensor2D = x;
  layers.forEach((layer, i) => {
    h = (i === 0 ? denseInput : dense)(h, layer.w as tf.Tensor2D, layer.b as tf.Tensor1D);
    if (i < layers.length - 1) h = tf.relu(h);
  });
  return h;
}

/**
 * x·W + b with its gradients written with explicit transposes: the wasm backend's matMul with a transpose flag is
 * about six times slower than transposing first, and autodiff's own gradient uses the flags.
 */
const dense = denseWithGradients(true);
/** The first layer: its input is data, so the gradient with respect to it is never needed (zeros). */
const denseInput = denseWithGradients(false);

function denseWithGradients(inputGradient: boolean) {
  return tf.customGrad((...args: unknown[]) => {
    const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: tf.add(tf.matMul(x, w), b),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const g = dy as tf.Tensor2D;
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        const dx = inputGradient ? tf.matMul(g, tf.transpose(ws)) : tf.zerosLike(xs);
        return [dx, tf.matMul(tf.transpose(xs), g), tf.sum(g, 0)];
      },
    };
  }) as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;
}

function lossOf(layers: Layer[], x: tf.Tensor2D, y: tf.Tensor2D, w: tf.Tensor1D, l2: number): tf.Tensor {
  const logp = tf.logSoftmax(forward(layers, x));
  const perRow = tf.neg(tf.sum(tf.mul(y, logp), 1));
  const data = tf.div(tf.sum(tf.mul(perRow, w)), tf.sum(w));
  if (l2 === 0) return data;
  const penalty = layers.reduce<tf.Tensor>((acc, l) => tf.add(acc, tf.sum(tf.square(l.w))), tf.scalar(0));
  return tf.add(data, tf.mul(penalty, l2));
}

function evaluateLoss(layers: Layer[], set: TrainingSet, inputs: number, classes: number): number {
  let total = 0;
  let weight = 0;
  for (let start = 0; start < set.n; start += 16_384) {
    const rows = Math.min(16_384, set.n - start);
    const value = tf.tidy(() => {
      const xt = tf.tensor2d(set.x.subarray(start * inputs, (start + rows) * inputs), [rows, inputs]);
      const yt = tf.tensor2d(set.y.subarray(start * classes, (start + rows) * classes), [rows, classes]);
      const wt = tf.tensor1d(set.w.subarray(start, start + rows));
      const perRow = tf.neg(tf.sum(tf.mul(yt, tf.logSoftmax(forward(layers, xt))), 1));
      return tf.sum(tf.mul(perRow, wt)).dataSync()[0]!;
    });
    total += value;
    for (let i = start; i < start + rows; i++) weight += set.w[i]!;
  }
  return weight > 0 ? total / weight : Infinity;
}

function gatherBatch(set: TrainingSet, batch: Uint32Array, inputs: number, classes: number) {
  const x = new Float32Array(batch.length * inputs);
  const y = new Float32Array(batch.length * classes);
  const w = new Float32Array(batch.length);
  batch.forEach((row, i) => {
    x.set(set.x.subarray(row * inputs, (row + 1) * inputs), i * inputs);
    y.set(set.y.subarray(row * classes, (row + 1) * classes), i * classes);
    w[i] = set.w[row]!;
  });
  return { x, y, w };
}

function snapshotWeights(variables: { w: tf.Variable; b: tf.Variable }[], sizes: number[]): MlpWeights {
  return {
    layers: variables.map((v, i) => ({
      inputs: sizes[i]!,
      outputs: sizes[i + 1]!,
      w: encodeFloats(v.w.dataSync() as Float32Array),
      b: encodeFloats(v.b.dataSync() as Float32Array),
    })),
  };
}

export function encodeFloats(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloats(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
