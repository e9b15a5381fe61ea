/**
 * `npm run eval:recall` — which earlier turn the turn note quotes when the person asks back, measured
 * without a chat model.
 *
 *   npm run eval:recall -- [--data FILE,FILE] [--show right|wrong|missed|unheard|none-needed|false-quote|all|elsewhere|sums]
 *
 * For every turn of the reply sets with an `expect` word (data/replies/*.tsv unless --data names
 * files), it asks recall.ts toldBefore() which of the person's earlier turns the note would put
 * before the question, as the app does, and sorts the answers: the quoted turn holds the expected
 * word (right); it does not, though an earlier turn does (wrong: the model is shown the wrong words,
 * and the own-words fallback says them back); nothing is quoted though an earlier turn holds it
 * (missed); or no earlier turn holds it (a question anyone can answer: quoting nothing is right,
 * quoting something is a false quote). A wrong quote is worse than none, so it is counted apart.
 * It also counts the sums the note works out (conversation/sums.ts): on turns with an expect word,
 * whether the result holds it; on the others, every sum found is listed (a number said in passing
 * taken for a sum would put a wrong line in the note).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChatMessage } from '../src/core/engines.js';
import { asksBack, toldBefore } from '../src/core/conversation/recall.js';
import { askedSum } from '../src/core/conversation/sums.js';
import type { Language } from '../src/shared/domain.js';
import { hitsExpected } from './lib/reply-metrics.js';
import { loadScenarios } from './lib/reply-scenarios.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** 'missed' is split by why: the turn was not heard as asking back, or no earlier turn matched it. */
type Outcome = 'right' | 'wrong' | 'missed' | 'unheard' | 'none-needed' | 'false-quote';
const OUTCOMES: Outcome[] = ['right', 'wrong', 'missed', 'unheard', 'none-needed', 'false-quote'];

interface Case {
  file: string;
  scenario: string;
  lang: Language;
  text: string;
  expect: string;
  quoted: string | undefined;
  /** The person's earlier turns that hold the expected word. */
  holders: string[];
  outcome: Outcome;
}

function judge(quoted: string | undefined, expect: string, earlierHolds: boolean, heard: boolean): Outcome {
  if (!earlierHolds) return quoted ? 'false-quote' : 'none-needed';
  if (!quoted) return heard ? 'missed' : 'unheard';
  return hitsExpected(quoted, expect) ? 'right' : 'wrong';
}

/** What one reply set gives: its expect turns judged, and what the note would do on its other turns. */
interface FileResult {
  cases: Case[];
  /** Turns without an expect word that still got a quote: mostly a turn heard as asking back that does not. */
  quotedElsewhere: { file: string; scenario: string; text: string; quoted: string }[];
  /** Sums worked out: on expect turns (hit or not) and elsewhere. */
  sums: { text: string; spoken: string; expect?: string; hit?: boolean }[];
  otherTurns: number;
}

function judgeFile(file: string): FileResult {
  const out: FileResult = { cases: [], quotedElsewhere: [], sums: [], otherTurns: 0 };
  for (const s of loadScenarios(file)) {
    const history: ChatMessage[] = [];
    for (const turn of s.turns) {
      const sum = askedSum(turn.text, s.lang);
      if (sum)
        out.sums.push({ text: turn.text, spoken: sum.spoken, ...(turn.expect ? { expect: turn.expect, hit: hitsExpected(sum.spoken, turn.expect) } : {}) });
      const quoted = toldBefore(history, turn.text, s.lang);
      if (turn.expect) {
        const holders = history.filter((m) => m.role === 'user' && hitsExpected(m.text, turn.expect!)).map((m) => m.text);
        const c = { file: path.basename(file), scenario: s.id, lang: s.lang, text: turn.text, expect: turn.expect, quoted, holders };
        out.cases.push({ ...c, outcome: judge(quoted, turn.expect, holders.length > 0, asksBack(turn.text, s.lang)) });
      } else {
        out.otherTurns++;
        if (quoted) out.quotedElsewhere.push({ file: path.basename(file), scenario: s.id, text: turn.text, quoted });
      }
      // The assistant's words do not matter to toldBefore (it reads the person's turns only).
      history.push({ role: 'user', text: turn.text }, { role: 'assistant', text: '' });
    }
  }
  return out;
}

function line(label: string, cases: Case[]): string {
  const n = (o: Outcome): number => cases.filter((c) => c.outcome === o).length;
  const askedBack = n('right') + n('wrong') + n('missed') + n('unheard');
  const rate = askedBack ? (n('right') / askedBack).toFixed(2) : '—';
  return `${label.padEnd(24)} right ${rate} (${n('right')}/${askedBack})  ${OUTCOMES.slice(1)
    .map((o) => `${o} ${n(o)}`)
    .join('  ')}`;
}

const dir = path.join(root, 'data/replies');
const files =
  arg('data')
    ?.split(',')
    .map((f) => path.resolve(f)) ??
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .map((f) => path.join(dir, f));
const results = files.map(judgeFile);
const all = results.flatMap((r) => r.cases);
const quotedElsewhere = results.flatMap((r) => r.quotedElsewhere);
const sums = results.flatMap((r) => r.sums);
const otherTurns = results.reduce((n, r) => n + r.otherTurns, 0);
for (const f of files) {
  const mine = all.filter((c) => c.file === path.basename(f));
  console.log(line(path.basename(f), mine));
}
for (const lang of ['en', 'ru'] as const)
  console.log(
    line(
      `all ${lang}`,
      all.filter((c) => c.lang === lang),
    ),
  );
console.log(line('all', all));
console.log(`turns without an expect word that got a quote: ${quotedElsewhere.length} of ${otherTurns}`);
const sumsOnExpect = sums.filter((x) => x.expect);
console.log(
  `sums worked out: ${sumsOnExpect.length} on turns with an expect word (the result holds it: ${sumsOnExpect.filter((x) => x.hit).length}), ${sums.length - sumsOnExpect.length} on other turns`,
);

const show = arg('show');
if (show === 'sums') {
  for (const x of sums)
    console.log(
      `\n[sum${x.expect ? (x.hit ? ' hit' : ' MISSED') : ' elsewhere'}] ${x.text}\n  worked out: ${x.spoken}${x.expect ? `  (expect ${x.expect})` : ''}`,
    );
} else if (show === 'elsewhere') {
  for (const q of quotedElsewhere) console.log(`\n[elsewhere] ${q.file} ${q.scenario}\n  said: ${q.text}\n  quoted: ${q.quoted}`);
} else if (show) {
  const wanted: Outcome[] = show === 'all' ? OUTCOMES : [show as Outcome];
  for (const c of all.filter((x) => wanted.includes(x.outcome))) {
    console.log(
      `\n[${c.outcome}] ${c.file} ${c.scenario} (${c.expect})\n  asked: ${c.text}\n  quoted: ${c.quoted ?? '—'}${c.holders.map((h) => `\n  holds it: ${h}`).join('')}`,
    );
  }
}
