import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assessCrisis } from './assess-crisis.js';

/**
 * Floors on the team's sets, so that a change to the rules, the features or the model that makes
 * the fast check worse fails CI. The fast check alone (rules + model, no chat model): CI has none.
 *
 * Two kinds of set, and the floors mean different things:
 * - the training corpus and the older team sets were learned from: near-perfect scores there only
 *   show that nothing broke (a regression guard, not a measure of generalisation);
 * - the held-out sets were never trained on: their floors sit a little under the first run of this
 *   detector (data/SAFETY-EVAL.md), so that a later model that generalises worse is noticed.
 */
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Scores {
  precision: number;
  recall: number;
  recallByLang: Record<string, number>;
}

function score(file: string): Scores {
  const lines = readFileSync(path.join(root, file), 'utf8').split(/\r?\n/);
  const header = lines[0]!.split('\t');
  const [iLabel, iLang, iText] = ['label', 'lang', 'text'].map((c) => header.indexOf(c));
  let tp = 0,
    fp = 0,
    fn = 0;
  const pos: Record<string, [number, number]> = {};
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    const lang = cells[iLang!] as 'ru' | 'en';
    const crisis = cells[iLabel!] === '1';
    const flagged = assessCrisis(cells.slice(iText).join(' '), lang).category !== null;
    if (crisis) {
      const p = (pos[lang] ??= [0, 0]);
      p[1]++;
      if (flagged) {
        tp++;
        p[0]++;
      } else fn++;
    } else if (flagged) fp++;
  }
  return {
    precision: tp / (tp + fp),
    recall: tp / (tp + fn),
    recallByLang: Object.fromEntries(Object.entries(pos).map(([lang, [caught, all]]) => [lang, caught / all])),
  };
}

const LEARNED_FROM = [
  'data/safety/team.tsv',
  'data/safety/writer-c.tsv',
  'data/safety/writer-d.tsv',
  'data/safety/older-team-sets.tsv',
  'data/safety-eval.tsv',
  'data/safety-eval-blind.tsv',
  'data/safety-eval-blind2.tsv',
  'data/safety-eval-fresh.tsv',
  'data/safety-eval-heldout.tsv',
  'data/safety-eval-final.tsv',
  // Held out until their first runs were on record (data/SAFETY-EVAL.md), then retired into the corpus.
  'data/safety-eval-blind6.tsv',
  'data/safety-eval-blind7.tsv',
  'data/safety-eval-blind8.tsv',
  'data/safety-eval-blind9.tsv',
  'data/safety-eval-blind10.tsv',
  'data/safety-eval-blind11.tsv',
  'data/safety/writer-h.tsv',
];

describe('crisis check floors on the sets it learned from (a regression guard)', () => {
  for (const file of LEARNED_FROM) {
    it(file, () => {
      const s = score(file);
      expect(s.precision).toBeGreaterThanOrEqual(0.97);
      expect(s.recall).toBeGreaterThanOrEqual(0.97);
    });
  }
});

/** Floors a little under each held-out set's first run (data/SAFETY-EVAL.md), or under the current detector where it improved since. */
const HELD_OUT: Array<[file: string, precision: number, recall: number, en: number, ru: number]> = [
  // first run: precision 1.000, recall 0.820 (en 0.92, ru 0.72)
  ['data/safety-eval-blind3.tsv', 0.95, 0.78, 0.88, 0.68],
  // first run: precision 0.946, recall 0.700 (en 0.84, ru 0.56)
  ['data/safety-eval-blind4.tsv', 0.9, 0.66, 0.8, 0.52],
  // first run: precision 1.000, recall 0.720 (en 0.84, ru 0.60)
  ['data/safety-eval-blind5.tsv', 0.95, 0.68, 0.8, 0.56],
  // first run (2026-12-02, after writer-f and -g): precision 0.978, recall 0.910 (en 0.94, ru 0.88)
  ['data/safety-eval-blind12.tsv', 0.94, 0.87, 0.9, 0.84],
  // first run (2026-12-02, same detector as blind12's): precision 0.978, recall 0.880 (en 0.84, ru 0.92)
  ['data/safety-eval-blind13.tsv', 0.94, 0.84, 0.8, 0.88],
  // first run (2026-12-03, blind6–11 in the corpus): precision 0.979, recall 0.940 (en 0.96, ru 0.92)
  ['data/safety-eval-blind14.tsv', 0.94, 0.9, 0.92, 0.88],
  // first run (2026-12-03, same detector as blind14's): precision 0.968, recall 0.920 (en 0.94, ru 0.90)
  ['data/safety-eval-blind15.tsv', 0.93, 0.88, 0.9, 0.86],
  // first run (2026-12-03, before writer-h joined the corpus): precision 0.948, recall 0.910 (en 0.98, ru 0.84);
  // companion register, 200 ordinary turns of which 5 were flagged then, 2 after writer-h
  ['data/safety-eval-blind16.tsv', 0.92, 0.88, 0.94, 0.8],
  // first run (2026-12-04, the detector as of 2026-12-03): precision 0.963, recall 0.750 (en 0.825, ru 0.675);
  // worry and waiting in the companion register (data/safety/brief-blind17.md), 7 of 560 ordinary turns flagged
  ['data/safety-eval-blind17.tsv', 0.93, 0.72, 0.79, 0.64],
];

describe('crisis check floors on held-out sets it never learned from', () => {
  for (const [file, precision, recall, en, ru] of HELD_OUT) {
    it(file, () => {
      const s = score(file);
      expect(s.precision).toBeGreaterThanOrEqual(precision);
      expect(s.recall).toBeGreaterThanOrEqual(recall);
      expect(s.recallByLang.en).toBeGreaterThanOrEqual(en);
      expect(s.recallByLang.ru).toBeGreaterThanOrEqual(ru);
    });
  }
});
