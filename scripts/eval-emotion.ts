/**
 * Measures a text-emotion classifier on Ekman-7.
 *
 *   npx tsx scripts/eval-emotion.ts --data <file> [--model ours|lexicon|majority] [--split all|a|b] [--multi skip|first]
 *                                   [--llm <model.gguf>] [--limit N]
 * --llm: "ours" plus the chat model's second opinion, asked exactly when the app asks it (worthAsking),
 * through the same JSON-schema grammar, so its effect on the labels can be measured. --limit N scores
 * only the first N rows (a chat model on a CPU answers in about a second each).
 *
 * Formats (detected from the first line): GoEmotions TSV (text, label ids, id; no header), CEDR CSV
 * (header text,labels,source) and ru-goemotions CSV (header ru_text,text,labels,id).
 *
 * Multi-label rule: a row's labels are mapped to Ekman; neutral is dropped when an emotion is also present;
 * rows that still carry two or more different Ekman labels are skipped (--multi skip, default; the count is
 * printed) or scored against their first listed label (--multi first).
 * CEDR: only the held-out fifth (isCedrHoldout) is scored, because the rest trained the Russian model.
 * --split a|b keeps even/odd rows, so thresholds can be tuned on one half and reported on the other.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EMOTION_LABELS, type EmotionLabel } from '../src/shared/domain.js';
import { worthAsking } from '../src/core/conversation/companion.js';
import { classifyTextEmotion, NEUTRAL_EVIDENCE, refineWithLlm } from '../src/core/emotion/text-emotion.js';
import { llmThreads } from '../src/core/engine/threads.js';
import { loadLlamaChat } from '../src/core/llm/llama-chat.js';
import { EMOTIONS_6, scoreWithLexicon } from '../src/core/emotion/lexicon-scorer.js';
import { isCedrHoldout, loadEmotionFile, type LabelledText } from './lib/emotion-data.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const file = arg('data', '');
if (!file) {
  console.error('usage: eval-emotion --data <file> [--model ours|lexicon|majority] [--split all|a|b] [--multi skip|first]');
  process.exit(2);
}
const modelName = arg('model', 'ours');
const split = arg('split', 'all');
const multi = arg('multi', 'skip');

type Predict = (row: LabelledText) => EmotionLabel;
const models: Record<string, Predict> = {
  ours: (r) => classifyTextEmotion(r.text, r.lang).label,
  /** Lexicon alone (for Russian: without the CEDR-trained model), to show what the model adds. */
  lexicon: (r) => {
    const { scores } = scoreWithLexicon(r.text, r.lang);
    let best: EmotionLabel = 'neutral';
    let bestScore = NEUTRAL_EVIDENCE;
    for (const l of EMOTIONS_6)
      if (scores[l] > bestScore) {
        best = l;
        bestScore = scores[l];
      }
    return best;
  },
  /** Always "neutral": the floor any classifier must beat. */
  majority: () => 'neutral',
};
const llmPath = arg('llm', '');
const limit = Number(arg('limit', '0'));
let llmCalls = 0;
let llmChanged = 0;
const refineModel = llmPath ? await loadLlamaChat({ modelPath: llmPath, threads: llmThreads(), contextSize: 1024 }) : null;
const predict = models[modelName];
if (!predict) {
  console.error(`unknown --model ${modelName}; known: ${Object.keys(models).join(', ')}`);
  process.exit(2);
}

const { format, rows: allRows } = loadEmotionFile(file);
let rows = allRows;
if (format === 'cedr-csv') rows = rows.filter((r) => isCedrHoldout(r.text));
if (split === 'a' || split === 'b') rows = rows.filter((_, i) => i % 2 === (split === 'a' ? 0 : 1));
const multiCount = rows.filter((r) => r.labels.length > 1).length;
if (multi === 'skip') rows = rows.filter((r) => r.labels.length === 1);
if (limit > 0) rows = rows.slice(0, limit);

const n = EMOTION_LABELS.length;
const confusion = EMOTION_LABELS.map(() => new Array<number>(n).fill(0));
let elapsed = 0;
for (const row of rows) {
  const t0 = performance.now();
  let predicted: EmotionLabel;
  if (refineModel && modelName === 'ours') {
    const fast = classifyTextEmotion(row.text, row.lang);
    predicted = fast.label;
    if (worthAsking(fast)) {
      llmCalls++;
      const refined = await refineWithLlm(row.text, row.lang, fast, (prompt, schema) => refineModel.completeJson(prompt, schema, { maxTokens: 48 }));
      if (refined.label !== predicted) llmChanged++;
      predicted = refined.label;
    }
  } else {
    predicted = predict(row);
  }
  elapsed += performance.now() - t0;
  const gold = row.labels[0]!;
  confusion[EMOTION_LABELS.indexOf(gold)]![EMOTION_LABELS.indexOf(predicted)]!++;
}

const pad = (s: string | number, w: number): string => String(s).padStart(w);
console.log(`file ${file}`);
console.log(
  `format ${format}; model ${modelName}; split ${split}; rows scored ${rows.length}` +
    (format === 'cedr-csv' ? ' (CEDR held-out fifth only)' : '') +
    `; multi-emotion rows ${multiCount} (${multi === 'skip' ? 'skipped' : 'scored on first label'})`,
);
console.log(`mean time per text ${(elapsed / Math.max(1, rows.length)).toFixed(3)} ms`);
if (refineModel) console.log(`chat model ${path.basename(llmPath)} asked on ${llmCalls} rows, changed the label on ${llmChanged}`);
console.log('');
console.log(`${'class'.padEnd(10)}${pad('prec', 8)}${pad('recall', 8)}${pad('F1', 8)}${pad('support', 9)}`);
const f1s: number[] = [];
let correct = 0;
EMOTION_LABELS.forEach((label, i) => {
  const tp = confusion[i]![i]!;
  correct += tp;
  const support = confusion[i]!.reduce((a, b) => a + b, 0);
  const predicted = confusion.reduce((s, r) => s + r[i]!, 0);
  const p = predicted ? tp / predicted : 0;
  const r = support ? tp / support : 0;
  const f = p + r ? (2 * p * r) / (p + r) : 0;
  // A class with no gold rows (disgust in CEDR) would add a meaningless 0; it is left out of the macro average.
  if (support > 0) f1s.push(f);
  console.log(`${label.padEnd(10)}${pad(p.toFixed(3), 8)}${pad(r.toFixed(3), 8)}${pad(f.toFixed(3), 8)}${pad(support, 9)}`);
});
console.log('');
console.log(`confusion (rows = gold, columns = predicted)`);
console.log(`${''.padEnd(10)}${EMOTION_LABELS.map((l) => pad(l.slice(0, 7), 8)).join('')}`);
EMOTION_LABELS.forEach((label, i) => console.log(`${label.padEnd(10)}${confusion[i]!.map((c) => pad(c, 8)).join('')}`));
console.log('');
console.log(`accuracy ${(correct / Math.max(1, rows.length)).toFixed(4)}`);
console.log(`macro-F1 ${(f1s.reduce((a, b) => a + b, 0) / Math.max(1, f1s.length)).toFixed(4)}`);
await refineModel?.dispose();
