/**
 * Readers for the three emotion data files we measure on (and, for CEDR, train on), mapped onto Ekman-7.
 * Used by scripts/eval-emotion.ts and scripts/train-emotion-ru.ts so both read the data the same way.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EmotionLabel } from '../../src/shared/domain.js';

export interface LabelledText {
  text: string;
  /** Distinct Ekman-7 labels of the row (neutral only when nothing else). */
  labels: EmotionLabel[];
  lang: 'ru' | 'en';
}

/** RFC-4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** "[ 4 27]", "[0 2]", "[]" → numbers. */
function parseIdList(cell: string): number[] {
  return (cell.match(/\d+/g) ?? []).map(Number);
}

function uniqueLabels(labels: EmotionLabel[]): EmotionLabel[] {
  const set = new Set(labels);
  // Neutral next to a real emotion says "mostly neutral but also X": keep the emotion.
  if (set.size > 1) set.delete('neutral');
  return set.size === 0 ? ['neutral'] : [...set];
}

/** GoEmotions id → Ekman label, from emotions.txt + ekman_mapping.json next to the data. */
function goEmotionsToEkman(dir: string): (id: number) => EmotionLabel {
  const names = readFileSync(join(dir, 'emotions.txt'), 'utf8')
    .split(/\r?\n/)
    .map((s) => s.trim());
  const mapping = JSON.parse(readFileSync(join(dir, 'ekman_mapping.json'), 'utf8')) as Record<string, string[]>;
  const byName = new Map<string, EmotionLabel>();
  for (const [ekman, fine] of Object.entries(mapping)) for (const f of fine) byName.set(f, ekman as EmotionLabel);
  return (id) => {
    const name = names[id];
    if (name === undefined) throw new Error(`GoEmotions label id ${id} is not in emotions.txt`);
    return name === 'neutral' ? 'neutral' : (byName.get(name) ?? 'neutral');
  };
}

/** CEDR ids, checked against the texts (see report): 0 joy, 1 sadness, 2 surprise, 3 fear, 4 anger; [] = neutral. */
const CEDR_LABELS: EmotionLabel[] = ['joy', 'sadness', 'surprise', 'fear', 'anger'];

export type DataFormat = 'goemotions-tsv' | 'cedr-csv' | 'ru-goemotions-csv';

export function loadEmotionFile(file: string, goEmotionsDir?: string): { format: DataFormat; rows: LabelledText[] } {
  const source = readFileSync(file, 'utf8');
  const firstLine = source.slice(0, source.indexOf('\n')).trim();
  if (firstLine === 'text,labels,source') {
    const rows = parseCsv(source)
      .slice(1)
      .filter((r) => r.length >= 2);
    return {
      format: 'cedr-csv',
      rows: rows.map((r) => ({
        text: r[0] ?? '',
        labels: uniqueLabels(
          parseIdList(r[1] ?? '').map((id) => {
            const label = CEDR_LABELS[id];
            if (!label) throw new Error(`CEDR label id ${id} unknown`);
            return label;
          }),
        ),
        lang: 'ru' as const,
      })),
    };
  }
  if (firstLine === 'ru_text,text,labels,id') {
    // ru-goemotions carries GoEmotions ids; the mapping files live in the GoEmotions folder.
    const toEkman = goEmotionsToEkman(goEmotionsDir ?? join(dirname(file), '..', '..', 'goemotions'));
    const rows = parseCsv(source)
      .slice(1)
      .filter((r) => r.length >= 3);
    return {
      format: 'ru-goemotions-csv',
      rows: rows.map((r) => ({ text: r[0] ?? '', labels: uniqueLabels(parseIdList(r[2] ?? '').map(toEkman)), lang: 'ru' as const })),
    };
  }
  const toEkman = goEmotionsToEkman(goEmotionsDir ?? dirname(file));
  const rows = source
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [text, ids] = line.split('\t');
      return { text: text ?? '', labels: uniqueLabels(parseIdList(ids ?? '').map(toEkman)), lang: 'en' as const };
    });
  return { format: 'goemotions-tsv', rows };
}

/**
 * The fifth of CEDR that the Russian model never sees in training (FNV-1a hash of the text mod 5 = 0),
 * so CEDR can also measure it honestly.
 */
export function isCedrHoldout(text: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 5 === 0;
}
