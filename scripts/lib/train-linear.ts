/**
 * Logistic regression (binary and softmax) over sparse hashed features, trained by AdaGrad with an
 * L2 penalty, in a seeded order: the same data and seed give the same weights on every machine.
 * Quantized to int8 for the model file (src/core/safety/crisis-model.ts reads it).
 */
import type { LinearHeadFile } from '../../src/core/safety/crisis-model.js';

export interface SparseExample {
  index: number[];
  value: number[];
  /** 0/1 for the binary head, the class number for softmax. */
  target: number;
  weight: number;
}

export interface TrainOptions {
  buckets: number;
  classes: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

/** mulberry32: a small seeded generator, enough for shuffling. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface TrainedHead {
  buckets: number;
  classes: number;
  weights: Float64Array;
  bias: Float64Array;
}

/**
 * classes === 1: binary logistic regression on target 0/1. classes > 1: softmax.
 * The feature indices must be < buckets (mask them before).
 */
export function trainLinear(examples: SparseExample[], o: TrainOptions): TrainedHead {
  const K = o.classes;
  const D = o.buckets;
  const w = new Float64Array(K * D);
  const g2 = new Float64Array(K * D);
  const b = new Float64Array(K);
  const gb2 = new Float64Array(K);
  const random = seededRandom(o.seed);
  const eps = 1e-8;
  const z = new Float64Array(K);
  const grad = new Float64Array(K);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (const ex of shuffle(examples, random)) {
      for (let c = 0; c < K; c++) {
        let s = b[c]!;
        const base = c * D;
        for (let k = 0; k < ex.index.length; k++) s += w[base + ex.index[k]!]! * ex.value[k]!;
        z[c] = s;
      }
      if (K === 1) {
        const p = 1 / (1 + Math.exp(-z[0]!));
        grad[0] = (p - ex.target) * ex.weight;
      } else {
        let max = -Infinity;
        for (let c = 0; c < K; c++) max = Math.max(max, z[c]!);
        let sum = 0;
        for (let c = 0; c < K; c++) {
          z[c] = Math.exp(z[c]! - max);
          sum += z[c]!;
        }
        for (let c = 0; c < K; c++) grad[c] = (z[c]! / sum - (c === ex.target ? 1 : 0)) * ex.weight;
      }
      for (let c = 0; c < K; c++) {
        const gc = grad[c]!;
        const base = c * D;
        for (let k = 0; k < ex.index.length; k++) {
          const i = base + ex.index[k]!;
          const gi = gc * ex.value[k]! + o.l2 * w[i]!;
          g2[i] = g2[i]! + gi * gi;
          w[i] = w[i]! - (o.learningRate * gi) / (Math.sqrt(g2[i]) + eps);
        }
        gb2[c] = gb2[c]! + gc * gc;
        b[c] = b[c]! - (o.learningRate * gc) / (Math.sqrt(gb2[c]!) + eps);
      }
    }
  }
  return { buckets: D, classes: K, weights: w, bias: b };
}

/** int8 weights with one scale; biases stay floats. */
export function quantize(head: TrainedHead): LinearHeadFile {
  let max = 0;
  for (const x of head.weights) max = Math.max(max, Math.abs(x));
  const scale = max === 0 ? 1 : max / 127;
  const q = new Int8Array(head.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(head.weights[i]! / scale)));
  return {
    buckets: head.buckets,
    scale,
    bias: [...head.bias].map((x) => Math.round(x * 1e6) / 1e6),
    weights: Buffer.from(q.buffer).toString('base64'),
  };
}
