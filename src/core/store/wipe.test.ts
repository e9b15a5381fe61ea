import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LumioStore } from './history.js';
import { sampleTurn } from '../testing/sample-turn.js';
import { tempDir } from './test-helpers.js';

/**
 * "No deleted text remains on disk", checked the blunt way: read the raw bytes of lumio.db,
 * lumio.db-wal and lumio.db-shm and look for the words. Each marker is searched as written, in
 * lower case (how FTS5 stores tokens) and by its random tail alone (FTS5 prefix-compresses terms
 * in its index pages, so a term may be stored without its first letters). Positive controls show
 * the same search does find the words while they are still there.
 */

const hex = (): string => randomBytes(6).toString('hex');
const cyr = (): string => Array.from(randomBytes(8), (b) => 'абвгдежзиклмнопрстуфхцчшщыэюя'[b % 29]).join('');

function needles(marker: string): Buffer[] {
  const lower = marker.toLowerCase();
  return [marker, lower, marker.toUpperCase(), lower.slice(-8)].map((s) => Buffer.from(s, 'utf8'));
}

function filesOf(db: string): string[] {
  return [db, `${db}-wal`, `${db}-shm`, `${db}-journal`].filter((f) => fs.existsSync(f));
}

/** Which of the markers' byte patterns appear in which raw file. */
function findOnDisk(db: string, markers: string[]): string[] {
  const found: string[] = [];
  for (const f of filesOf(db)) {
    const bytes = fs.readFileSync(f);
    for (const m of markers) for (const n of needles(m)) if (bytes.includes(n)) found.push(`${path.basename(f)}: ${n.toString('utf8')}`);
  }
  return found;
}

let dir: string;
let file: string;
let store: LumioStore;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'lumio.db');
  store = LumioStore.open(file);
});
afterEach(() => store.close());

/** Enough unrelated history that the FTS index has several segments and the file many pages. */
function fillBackground(conversations = 5, turnsEach = 60): void {
  for (let c = 0; c < conversations; c++) {
    const conv = store.createConversation();
    for (let t = 0; t < turnsEach; t++) {
      store.appendTurn(
        sampleTurn(conv.id, `background talk ${c}-${t} about weather, work and friends`, `ответ ${t}: понятно, расскажи ещё про погоду и работу`),
      );
    }
  }
}

describe('deleteConversation leaves none of its text on disk', () => {
  it('turn text and summary are gone from lumio.db, -wal and -shm (while open and after close)', () => {
    const en = `ZqMark${hex()}`;
    const ru = `щукамаркер${cyr()}`;
    fillBackground();
    const secret = store.createConversation('Private');
    store.appendTurn(sampleTurn(secret.id, `I want to tell you ${en} and more`, `I will remember ${ru} for you`));
    store.appendTurn(sampleTurn(secret.id, `Повторю: ${ru.toUpperCase()}`, `OK ${en}`, { language: 'ru' }));
    store.upsertSummary(secret.id, `They talked about ${en} and ${ru}.`);
    fillBackground(1, 20);

    // Positive control: the words are on disk (in the WAL now, in the main file after a checkpoint).
    expect(findOnDisk(file, [en, ru]).length).toBeGreaterThan(0);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(findOnDisk(file, [en, ru]).some((h) => h.startsWith('lumio.db:'))).toBe(true);
    expect(store.searchTurns(en)).toHaveLength(2);

    // Write more after the checkpoint so the WAL again holds pages with the secret in them.
    store.appendTurn(sampleTurn(secret.id, `one more ${en}`, 'fine'));
    expect(store.deleteConversation(secret.id)).toBe(true);

    expect(findOnDisk(file, [en, ru])).toEqual([]);
    expect(store.searchTurns(en)).toEqual([]);
    expect(store.searchTurns('background weather')).not.toHaveLength(0); // the rest still works
    store.db.exec("INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)");
    store.close();
    expect(findOnDisk(file, [en, ru])).toEqual([]);
  });

  it('control: without our checkpoint, secure_delete alone leaves the text in the WAL', () => {
    // Why deleteConversation checkpoints: secure_delete zeroes the freed space in the *new* page
    // images, but in WAL mode the older images (with the text) stay in lumio.db-wal until a checkpoint.
    const en = `ZqMark${hex()}`;
    fillBackground(1, 10);
    const c = store.createConversation();
    store.appendTurn(sampleTurn(c.id, `secret ${en}`));
    store.db.prepare('DELETE FROM conversations WHERE id = ?').run(c.id); // the delete without the checkpoint
    expect(findOnDisk(file, [en]).some((h) => h.startsWith('lumio.db-wal:'))).toBe(true);
  });

  it('control: an FTS5 index without secure-delete keeps deleted tokens in the file', () => {
    // Why the migration turns on FTS5's own secure-delete: PRAGMA secure_delete does not reach
    // tokens that FTS5 keeps in older index segments after a plain delete.
    const scratch = path.join(dir, 'scratch.db');
    const db = new Database(scratch);
    db.pragma('secure_delete = ON');
    const word = `zqtok${hex()}`;
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT); CREATE VIRTUAL TABLE f USING fts5(x, content='t', content_rowid='id')");
    for (let i = 0; i < 50; i++) {
      const text = i === 7 ? `hello ${word}` : `filler text number ${i}`;
      const id = db.prepare('INSERT INTO t(x) VALUES (?)').run(text).lastInsertRowid;
      db.prepare('INSERT INTO f(rowid, x) VALUES (?, ?)').run(id, text);
    }
    db.prepare("INSERT INTO f(f, rowid, x) VALUES ('delete', 8, ?)").run(`hello ${word}`);
    db.prepare('DELETE FROM t WHERE id = 8').run();
    expect(db.prepare('SELECT count(*) AS n FROM f WHERE f MATCH ?').get(word)).toEqual({ n: 0 }); // deleted as far as queries go
    db.close();
    expect(fs.readFileSync(scratch).includes(Buffer.from(word.slice(-8)))).toBe(true);
  });
});

describe('deleting one memory fact or summary leaves no trace of it on disk', () => {
  it('fact and summary text are gone from db, wal and shm', () => {
    const factMark = `ZqFact${hex()}`;
    const sumMark = `щукасводка${cyr()}`;
    fillBackground(1, 10);
    const c = store.createConversation();
    store.appendTurn(sampleTurn(c.id, 'hello'));
    const fact = store.addFact(`Their secret is ${factMark}`, c.id);
    store.addFact('Likes tea');
    const summary = store.upsertSummary(c.id, `Они говорили про ${sumMark}`);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(findOnDisk(file, [factMark, sumMark]).length).toBeGreaterThan(0); // positive control
    expect(store.deleteFact(fact.id)).toBe(true);
    expect(store.deleteSummary(summary.id)).toBe(true);
    expect(findOnDisk(file, [factMark, sumMark])).toEqual([]);
    expect(store.listFacts().map((f) => f.text)).toEqual(['Likes tea']);
  });
});

describe('wipeAll', () => {
  it('forgets history, memory, summaries and kv, keeps settings, and leaves no text in db/wal/shm', () => {
    const en = `ZqMark${hex()}`;
    const ru = `щукамаркер${cyr()}`;
    store.patchSettings({ tone: 'supportive' });
    fillBackground();
    const c = store.createConversation(`Title ${en}`);
    store.appendTurn(
      sampleTurn(c.id, `my secret is ${en}`, `и ещё ${ru}`, {
        mood: { label: 'joy', confidence: 0.9, valence: 0.8, arousal: 0.4, sources: ['text'], summary: `glad ${en}` },
      }),
    );
    store.addFact(`The person said ${ru}`, c.id);
    store.upsertSummary(c.id, `Summary with ${en}`);
    store.kvSet('voice.baseline', { note: ru });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(findOnDisk(file, [en, ru]).length).toBeGreaterThan(0); // positive control
    store.appendTurn(sampleTurn(c.id, `again ${en} ${ru}`)); // and some in the WAL too

    const r = store.wipeAll();
    expect(r).toEqual({ conversations: 6, turns: 302, facts: 1, summaries: 1, checkpointed: true });
    expect(store.listConversations()).toEqual([]);
    expect(store.listFacts()).toEqual([]);
    expect(store.listSummaries()).toEqual([]);
    expect(store.kvGet('voice.baseline')).toBeUndefined();
    expect(store.searchTurns('background')).toEqual([]);
    expect(store.getSettings().tone).toBe('supportive');

    expect(findOnDisk(file, [en, ru, 'background talk', 'погоду и работу'])).toEqual([]);
    expect(fs.statSync(`${file}-wal`).size).toBe(0);

    // Still a working store afterwards, search index included, with FTS secure-delete still on.
    store.appendTurn(sampleTurn(c.id, 'fresh start'));
    expect(store.searchTurns('fresh')).toHaveLength(1);
    expect(store.db.prepare("SELECT v FROM turns_fts_config WHERE k = 'secure-delete'").get()).toEqual({ v: 1 });
    store.close();
    expect(findOnDisk(file, [en, ru])).toEqual([]);
  });

  it('settings: true also resets settings', () => {
    store.patchSettings({ tone: 'neutral' });
    store.wipeAll({ settings: true });
    expect(store.getSettings().tone).toBe('friendly');
  });

  it('reports checkpointed: false while another connection reads, and a second wipe finishes the job', () => {
    const en = `ZqMark${hex()}`;
    const c = store.createConversation();
    store.appendTurn(sampleTurn(c.id, `hold ${en}`));
    const reader = new Database(file, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM turns').get(); // holds a read snapshot
    const r = store.wipeAll();
    expect(r.checkpointed).toBe(false);
    reader.exec('COMMIT');
    reader.close();
    expect(store.wipeAll().checkpointed).toBe(true);
    expect(findOnDisk(file, [en])).toEqual([]);
  });
});
