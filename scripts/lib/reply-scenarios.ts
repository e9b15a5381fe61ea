/**
 * Scripted conversations for `npm run eval:replies`: a TSV with the header
 * `scenario	lang	tone	text	expect`; the rows of one scenario are its turns, in order.
 */
import fs from 'node:fs';
import { LanguageSchema, ToneSchema, type Language, type Tone } from '../../src/shared/domain.js';

export interface ScenarioTurn {
  text: string;
  /** A word or stem the reply should contain; alternatives separated by "|". */
  expect?: string;
}

export interface Scenario {
  id: string;
  lang: Language;
  tone: Tone;
  turns: ScenarioTurn[];
}

export function parseScenarios(tsv: string): Scenario[] {
  const lines = tsv.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  const header = (lines.shift() ?? '').split('\t').map((h) => h.trim());
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`the scenario file has no "${name}" column (header: ${header.join(', ')})`);
    return i;
  };
  const [cs, cl, ct, cx, ce] = ['scenario', 'lang', 'tone', 'text', 'expect'].map(col) as [number, number, number, number, number];
  const byId = new Map<string, Scenario>();
  lines.forEach((line, n) => {
    const cells = line.split('\t');
    const id = cells[cs]?.trim() ?? '';
    const text = cells[cx]?.trim() ?? '';
    if (!id || !text) throw new Error(`row ${n + 2}: a scenario id and a text are needed`);
    const lang = LanguageSchema.parse(cells[cl]?.trim());
    const tone = ToneSchema.parse(cells[ct]?.trim());
    const expect = cells[ce]?.trim();
    let s = byId.get(id);
    if (!s) byId.set(id, (s = { id, lang, tone, turns: [] }));
    else if (s.lang !== lang || s.tone !== tone) throw new Error(`row ${n + 2}: scenario ${id} changes its language or tone`);
    s.turns.push({ text, ...(expect ? { expect } : {}) });
  });
  return [...byId.values()];
}

export function loadScenarios(file: string): Scenario[] {
  return parseScenarios(fs.readFileSync(file, 'utf8'));
}

/** Held-out scenarios (ids starting "ho-") are reported apart and never tuned on. */
export const isHeldOut = (id: string): boolean => id.startsWith('ho-');

/** --only ID,ID keeps those scenarios, in that order (so a run cut short still has both languages); --limit N keeps the first N. */
export function selectScenarios(all: Scenario[], o: { only?: string[]; limit?: number }): Scenario[] {
  let s = all;
  if (o.only?.length) {
    const unknown = o.only.filter((id) => !all.some((x) => x.id === id));
    if (unknown.length) throw new Error(`no scenario ${unknown.join(', ')}`);
    s = o.only.filter((id, i) => o.only!.indexOf(id) === i).map((id) => all.find((x) => x.id === id)!);
  }
  if (o.limit !== undefined) s = s.slice(0, o.limit);
  return s;
}
