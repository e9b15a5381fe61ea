/**
 * `npm run bench:conversations` — turns the benchmark's conversation scripts
 * (bench/conversations/<name>.txt, one turn per line) into folders of WAV files, one per turn:
 * .fixtures/conversations/<name>/01.wav, 02.wav, … — what `npm run bench -- --conversation DIR` plays.
 *
 * Lines are spoken by espeak-ng (the voice of the line's language), with 0.3 s of silence before
 * and after, as a push-to-talk recording has. A line "@<file>" is a real recording copied from
 * ../shared/models/audio. Generated files are git-ignored; nothing fetched is committed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScript } from '../bench/script.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(process.env.LUMIO_SHARED_DIR ?? path.join(ROOT, '..', 'shared'));
const OUT = path.join(ROOT, '.fixtures', 'conversations');

export function makeConversation(name: string): { dir: string; turns: number; skipped: string[] } {
  const script = readScript(path.join(ROOT, 'bench', 'conversations', `${name}.txt`));
  const dir = path.join(OUT, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const skipped: string[] = [];
  let n = 0;
  for (const line of script.lines) {
    const target = path.join(dir, `${String(n + 1).padStart(2, '0')}.wav`);
    if (line.kind === 'typed') continue;
    if (line.kind === 'recording') {
      const source = path.join(SHARED, 'models', 'audio', line.file);
      if (!fs.existsSync(source)) {
        skipped.push(`${line.file}: not in ${path.dirname(source)}`);
        continue;
      }
      fs.copyFileSync(source, target);
    } else {
      const raw = `${target}.espeak.wav`;
      execFileSync('espeak-ng', ['-v', script.language, '-s', '155', '-w', raw, line.text]);
      execFileSync('sox', [raw, target, 'pad', '0.3', '0.3']);
      fs.rmSync(raw);
    }
    n++;
  }
  return { dir, turns: n, skipped };
}

const invoked = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (invoked === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const all = fs
    .readdirSync(path.join(ROOT, 'bench', 'conversations'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4));
  for (const name of names.length ? names : all) {
    const script = readScript(path.join(ROOT, 'bench', 'conversations', `${name}.txt`));
    if (script.lines.every((l) => l.kind === 'typed')) continue;
    const made = makeConversation(name);
    console.log(`${path.relative(ROOT, made.dir)}: ${made.turns} turns${made.skipped.length ? `; skipped ${made.skipped.join(', ')}` : ''}`);
  }
}
