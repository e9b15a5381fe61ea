/**
 * Measures the crisis detector on a labelled TSV (header, then: label 1|0, lang ru|en, text).
 *   npx tsx scripts/eval-safety.ts --data data/safety-eval.tsv
 * Prints every misclassified line and ends with `precision <p> recall <r>`.
 */
import { readFileSync } from 'node:fs';
import { detectCrisis } from '../src/core/safety/detect-crisis.js';

const i = process.argv.indexOf('--data');
const file = i >= 0 ? process.argv[i + 1] : undefined;
if (!file) {
  console.error('usage: eval-safety --data <file.tsv>');
  process.exit(2);
}
const lines = readFileSync(file, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '');
let tp = 0, fp = 0, fn = 0, tn = 0;
const perLang: Record<string, { tp: number; fp: number; fn: number; tn: number }> = {};
for (const line of lines) {
  const [label, lang, ...rest] = line.split('\t');
  const text = rest.join('\t');
  if ((label !== '0' && label !== '1') || (lang !== 'ru' && lang !== 'en')) {
    console.error(`skipping malformed line: ${line}`);
    continue;
  }
  const hit = detectCrisis(text, lang);
  const stats = (perLang[lang] ??= { tp: 0, fp: 0, fn: 0, tn: 0 });
  if (label === '1' && hit) { tp++; stats.tp++; }
  else if (label === '1') { fn++; stats.fn++; console.log(`MISSED     [${lang}] ${text}`); }
  else if (hit) { fp++; stats.fp++; console.log(`FALSE ALARM [${lang}] ${text}   (${hit.category}: "${hit.matched}")`); }
  else { tn++; stats.tn++; }
}
const ratio = (a: number, b: number): string => (b === 0 ? '1.000' : (a / b).toFixed(3));
for (const [lang, s] of Object.entries(perLang)) {
  console.log(`${lang}: tp ${s.tp} fp ${s.fp} fn ${s.fn} tn ${s.tn}; precision ${ratio(s.tp, s.tp + s.fp)} recall ${ratio(s.tp, s.tp + s.fn)}`);
}
console.log(`precision ${ratio(tp, tp + fp)} recall ${ratio(tp, tp + fn)}`);
