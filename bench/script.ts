import fs from 'node:fs';

/**
 * A conversation script of the benchmark: one turn per line; "#" starts a comment; "@<file>" is a
 * real recording from ../shared/models/audio; a line "#!typed" makes the whole script typed turns.
 */
export type ScriptLine = { kind: 'spoken'; text: string } | { kind: 'recording'; file: string } | { kind: 'typed'; text: string };

export interface Script {
  language: 'en' | 'ru';
  lines: ScriptLine[];
}

export function parseScript(text: string): Script {
  const raw = text.split(/\r?\n/).map((l) => l.trim());
  const typed = raw.includes('#!typed');
  const lines: ScriptLine[] = [];
  for (const line of raw) {
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('@')) lines.push({ kind: 'recording', file: line.slice(1).trim() });
    else lines.push(typed ? { kind: 'typed', text: line } : { kind: 'spoken', text: line });
  }
  const words = lines.map((l) => ('text' in l ? l.text : '')).join(' ');
  const cyrillic = (words.match(/[а-яё]/gi) ?? []).length;
  const latin = (words.match(/[a-z]/gi) ?? []).length;
  return { language: cyrillic > latin ? 'ru' : 'en', lines };
}

export function readScript(file: string): Script {
  return parseScript(fs.readFileSync(file, 'utf8'));
}
