import type { CrisisCategory } from './crisis-patterns.js';
import { hashFeatures } from './crisis-features.js';

/**
 * The learned crisis detector: two logistic-regression heads over hashed n-grams (crisis-features.ts).
 * The first says how likely the message is a crisis now; the second, trained on crisis messages only,
 * says which kind. Weights are int8 (a scale per head), base64 in a JSON file written by
 * scripts/train-safety.ts, so the file is data and the model is reproducible from data/safety/.
 */

export interface LinearHeadFile {
  buckets: number;
  scale: number;
  /** One bias per class (one for the binary head). */
  bias: number[];
  /** base64 int8, class-major: weights[c * buckets + i]. */
  weights: string;
}

export interface CrisisModelFile {
  format: 'lumio-crisis-linear-v1';
  trainedAt: string;
  /** What it was trained on, for the person reading the file. */
  corpus: Record<string, number>;
  crisis: LinearHeadFile;
  category: LinearHeadFile & { classes: CrisisCategory[] };
  thresholds: {
    /** At or above: a crisis. The fast check's call stands; no second opinion can overturn it. */
    alone: number;
    /**
     * At or above (and below `alone`): unsure, the band where the chat model is asked. Its answer
     * can only add a crisis the fast check would have missed, never take one away: a missed crisis
     * costs more than a gentle false alarm.
     */
    unsure: number;
  };
}

interface LinearHead {
  buckets: number;
  scale: number;
  bias: number[];
  weights: Int8Array;
}

export interface ModelScore {
  /** Probability that the message is a crisis now. */
  probability: number;
  /** The likeliest kind, were it a crisis, and how sure the second head is of it. */
  category: CrisisCategory;
  categoryProbability: number;
}

function decodeHead(file: LinearHeadFile, classes: number): LinearHead {
  const bytes = Buffer.from(file.weights, 'base64');
  if (bytes.length !== file.buckets * classes) {
    throw new Error(`crisis model: expected ${file.buckets * classes} weights, found ${bytes.length}`);
  }
  return { buckets: file.buckets, scale: file.scale, bias: file.bias, weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
}

function dot(head: LinearHead, c: number, index: number[], value: number[]): number {
  const mask = head.buckets - 1;
  const base = c * head.buckets;
  let s = 0;
  for (let k = 0; k < index.length; k++) s += head.weights[base + (index[k]! & mask)]! * value[k]!;
  return s * head.scale + head.bias[c]!;
}

export class CrisisModel {
  private readonly crisis: LinearHead;
  private readonly category: LinearHead;
  readonly classes: CrisisCategory[];
  readonly thresholds: CrisisModelFile['thresholds'];

  constructor(file: CrisisModelFile) {
    if (file.format !== 'lumio-crisis-linear-v1') throw new Error(`crisis model: unknown format ${String(file.format)}`);
    if (file.category.buckets > file.crisis.buckets) throw new Error('crisis model: the category head may not have more buckets than the crisis head');
    this.crisis = decodeHead(file.crisis, 1);
    this.category = decodeHead(file.category, file.category.classes.length);
    this.classes = file.category.classes;
    this.thresholds = file.thresholds;
  }

  score(text: string): ModelScore {
    const { index, value } = hashFeatures(text, this.crisis.buckets);
    const probability = 1 / (1 + Math.exp(-dot(this.crisis, 0, index, value)));
    const logits = this.classes.map((_, c) => dot(this.category, c, index, value));
    const max = Math.max(...logits);
    const exps = logits.map((l) => Math.exp(l - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    let best = 0;
    for (let c = 1; c < exps.length; c++) if (exps[c]! > exps[best]!) best = c;
    return { probability, category: this.classes[best]!, categoryProbability: exps[best]! / sum };
  }
}
