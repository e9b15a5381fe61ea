/**
 * Store timings on this machine: `npx tsx src/core/store/bench-store.ts`. Not a test: it prints
 * numbers (and JSON with --json). Uses a temp folder and removes it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJson } from './export.js';
import { LumioStore } from './history.js';
import { sampleTurn } from '../testing/sample-turn.js';

const EN =
  'i feel today work sleep exam friend mother sister tired happy worried weather city music walk dinner book film morning night talk help think remember plan week weekend doctor school job money cat dog'.split(
    ' ',
  );
const RU =
  'я сегодня работа сон экзамен друг мама сестра устал рад волнуюсь погода город музыка прогулка ужин книга фильм утро ночь разговор помощь думаю помню план неделя выходные врач школа деньги кот собака'.split(
    ' ',
  );

let seed = 42;
const rand = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const sentence = (words: string[], n: number): string => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');

const ms = (t0: number): number => Math.round((performance.now() - t0) * 100) / 100;
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 1000) / 1000;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-bench-'));
const results: Record<string, number> = {};
try {
  // 1,000 turns, each saved on its own as the host does after every turn (one transaction each).
  const store = LumioStore.open(path.join(dir, 'lumio.db'));
  const conv = store.createConversation().id;
  let t0 = performance.now();
  for (let i = 0; i < 1000; i++) {
    const ru = i % 2 === 1;
    store.appendTurn(sampleTurn(conv, sentence(ru ? RU : EN, 12), sentence(ru ? RU : EN, 30), { language: ru ? 'ru' : 'en' }));
  }
  results.append1000TurnsMs = ms(t0);

  // Grow to 10,000 turns over 200 conversations (batched only to build the fixture quickly).
  t0 = performance.now();
  store.db.transaction(() => {
    for (let c = 0; c < 200; c++) {
      const id = store.createConversation().id;
      for (let i = 0; i < 45; i++) {
        const ru = (c + i) % 2 === 1;
        // A few rare words, as real names and places are: the common case for a history search.
        const rare = i === 7 ? (ru ? ' кот Бублик' : ' trip to Barcelona') : '';
        store.appendTurn(sampleTurn(id, sentence(ru ? RU : EN, 12) + rare, sentence(ru ? RU : EN, 30), { language: ru ? 'ru' : 'en' }));
      }
    }
  })();
  results.build9000MoreTurnsMs = ms(t0);
  results.totalTurns = (store.db.prepare('SELECT count(*) AS n FROM turns').get() as { n: number }).n;
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  results.dbBytes = fs.statSync(path.join(dir, 'lumio.db')).size;

  const queries = [
    'Barcelona',
    'бублик',
    'exam',
    'экзамен',
    'tired sleep',
    'устал сон',
    'wor',
    'вол',
    'sister walk dinner',
    'zzznotthere',
    '"NEAR* -(',
    'кот собака ночь',
  ];
  const lat: number[] = [];
  const perQuery = new Map<string, number[]>();
  let hits = 0;
  for (let round = 0; round < 20; round++) {
    for (const q of queries) {
      const t = performance.now();
      hits += store.searchTurns(q, 50).length;
      const d = performance.now() - t;
      lat.push(d);
      perQuery.set(q, [...(perQuery.get(q) ?? []), d]);
    }
  }
  const count = store.db.prepare('SELECT count(*) AS n FROM turns_fts WHERE turns_fts MATCH ?');
  const { ftsQuery } = await import('./search-query.js');
  for (const [q, xs] of perQuery) {
    const m = ftsQuery(q);
    const matches = m === null ? 0 : (count.get(m) as { n: number }).n;
    console.log(`search ${JSON.stringify(q).padEnd(24)} median ${pct(xs, 50).toFixed(2).padStart(7)} ms  (${matches} matching turns)`);
  }
  results.searchQueries = lat.length;
  results.searchMedianMs = pct(lat, 50);
  results.searchP95Ms = pct(lat, 95);
  results.searchMaxMs = pct(lat, 100);
  results.searchAvgHits = Math.round(hits / lat.length);

  t0 = performance.now();
  store.listConversations({ limit: 100 });
  results.list100ConversationsMs = ms(t0);

  t0 = performance.now();
  const ex = exportJson(store, path.join(dir, 'export.json'));
  results.exportJson10kMs = ms(t0);
  results.exportJsonBytes = ex.bytes;

  t0 = performance.now();
  store.deleteConversation(conv); // the 1,000-turn one
  results.delete1000TurnConversationMs = ms(t0);

  t0 = performance.now();
  store.wipeAll();
  results.wipe9000TurnsMs = ms(t0);
  store.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
else for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(32)} ${v}`);
