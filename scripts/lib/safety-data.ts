/**
 * Readers for the crisis corpus (data/safety/*.tsv), the older team sets (data/safety-eval*.tsv)
 * and the ordinary messages (GoEmotions dev, ru-goemotions validation, CEDR train), shared by
 * scripts/train-safety.ts and scripts/eval-safety.ts so both read the data the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrisisCategory } from '../../src/core/safety/crisis-patterns.js';
import { fnv1a } from '../../src/core/safety/crisis-features.js';
import { loadEmotionFile } from './emotion-data.js';

export interface SafetyRow {
  label: 0 | 1;
  lang: 'ru' | 'en';
  /** For a crisis line its kind; for a hard negative the kind it resembles; null when unknown. */
  category: CrisisCategory | null;
  kind: string;
  text: string;
  /** Which file (or source) the line came from. */
  source: string;
  /** Lines written as paraphrases of one another share a group, so a split keeps them together. */
  group: string;
}

const CATEGORIES = new Set<string>(['suicide', 'self_harm', 'abuse', 'panic']);

/**
 * A TSV with a header naming its columns: at least label, lang and text; category, kind and group
 * when present (the team's and the blind writers' files have them, the older evaluation sets do not).
 */
export function readSafetyTsv(file: string, source: string): SafetyRow[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim().toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  const [iLabel, iLang, iText, iCat, iKind, iGroup] = ['label', 'lang', 'text', 'category', 'kind', 'group'].map(col);
  if (iLabel! < 0 || iLang! < 0 || iText! < 0) throw new Error(`${file}: the header must name label, lang and text (found: ${header.join(', ')})`);
  const rows: SafetyRow[] = [];
  lines.slice(1).forEach((line, n) => {
    if (line.trim() === '') return;
    const cells = line.split('\t');
    // The text is the last column; a stray tab inside it stays part of the text.
    const text = (iText === header.length - 1 ? cells.slice(iText).join(' ') : (cells[iText!] ?? '')).trim();
    const label = cells[iLabel!]?.trim();
    const lang = cells[iLang!]?.trim();
    if ((label !== '0' && label !== '1') || (lang !== 'ru' && lang !== 'en') || text === '') {
      throw new Error(`${file}:${n + 2}: malformed line: ${line}`);
    }
    const cat = iCat! >= 0 ? (cells[iCat!]?.trim() ?? '') : '';
    rows.push({
      label: label === '1' ? 1 : 0,
      lang,
      category: CATEGORIES.has(cat) ? (cat as CrisisCategory) : null,
      kind: iKind! >= 0 ? (cells[iKind!]?.trim() ?? '') : '',
      text,
      source,
      group: `${source}:${iGroup! >= 0 && cells[iGroup!]?.trim() ? cells[iGroup!]!.trim() : `line${n + 2}`}`,
    });
  });
  return rows;
}

/**
 * The training corpus, by source name, as paths under data/ (see data/safety/README.md): the team's
 * and the blind writers' corpora, and the evaluation sets retired into training once their first
 * runs were on record in data/SAFETY-EVAL.md (blind6–11). Every other blind set stays held out.
 */
export const CORPUS_FILES: Record<string, string> = {
  team: 'safety/team.tsv',
  'writer-c': 'safety/writer-c.tsv',
  'writer-d': 'safety/writer-d.tsv',
  older: 'safety/older-team-sets.tsv',
  'writer-e': 'safety/writer-e.tsv',
  'writer-f': 'safety/writer-f.tsv',
  'writer-g': 'safety/writer-g.tsv',
  blind6: 'safety-eval-blind6.tsv',
  blind7: 'safety-eval-blind7.tsv',
  blind8: 'safety-eval-blind8.tsv',
  blind9: 'safety-eval-blind9.tsv',
  blind10: 'safety-eval-blind10.tsv',
  blind11: 'safety-eval-blind11.tsv',
  'writer-h': 'safety/writer-h.tsv',
};

export function loadCorpus(root: string): SafetyRow[] {
  return Object.entries(CORPUS_FILES).flatMap(([source, file]) => readSafetyTsv(join(root, 'data', file), source));
}

/** The same text twice (case and spacing aside) counts once: the first source listed keeps it. */
export function dedupe(rows: SafetyRow[]): SafetyRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = r.text.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface OrdinaryMessage {
  text: string;
  lang: 'ru' | 'en';
  file: string;
}

/** The 18,380 ordinary messages: GoEmotions dev (EN), ru-goemotions validation and CEDR train (RU). */
export function loadOrdinary(sharedData: string): OrdinaryMessage[] {
  const files = [
    join(sharedData, 'goemotions', 'dev.tsv'),
    join(sharedData, 'ru-emotion', 'ru-goemotions', 'ru-go-emotions-simplified-validation.csv'),
    join(sharedData, 'ru-emotion', 'cedr', 'cedr-main-train.csv'),
  ];
  return files.flatMap((file) => loadEmotionFile(file, join(sharedData, 'goemotions')).rows.map((r) => ({ text: r.text, lang: r.lang, file })));
}

/**
 * Half of the ordinary messages may be read in training as negatives; the other half (this test
 * true) is kept for measuring false alarms. By a hash of the text, so the split is the same on
 * every machine and in every run. Salted, so it is not the same split as CEDR's held-out fifth.
 */
export function isOrdinaryHoldout(text: string): boolean {
  return fnv1a(`ordinary-split:${text}`) % 2 === 0;
}
