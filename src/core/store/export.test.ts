import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mood } from '../../shared/domain.js';
import { LumioError } from '../../shared/errors.js';
import { nodeWriteOps, writeFileAtomic, type WriteOps } from '../atomic-write.js';
import { buildExport, exportHistory, exportJson, exportMarkdown, importJson, LumioExportSchema, renderMarkdown } from './export.js';
import { LumioStore } from './history.js';
import { sampleTurn } from '../testing/sample-turn.js';
import { mountTmpfs, tempDir } from './test-helpers.js';

let dir: string;
let store: LumioStore;
let clock: number;
beforeEach(() => {
  dir = tempDir();
  clock = Date.parse('2026-11-20T21:50:00.000Z');
  store = LumioStore.open(path.join(dir, 'lumio.db'), { now: () => new Date((clock += 5 * 60_000)) });
});
afterEach(() => store.close());

const sad: Mood = {
  label: 'sadness',
  confidence: 0.8,
  valence: -0.6,
  arousal: -0.4,
  sources: ['text', 'voice'],
  voice: { arousal: -0.5, summary: 'quiet and slow', pitchHz: 150, pitchRangeSemitones: 2, energyDb: -30, speechRate: 2.1, pauseRatio: 0.4 },
};

/** Two conversations, one crossing midnight (UTC), with memory. */
function seed(): { a: string; b: string } {
  const a = store.createConversation().id;
  store.appendTurn(sampleTurn(a, 'I could not sleep again', 'I am sorry. What kept you up?', { mood: sad, tone: 'supportive' }));
  store.appendTurn(sampleTurn(a, 'Thinking about the exam\n# not a heading', 'That is a lot to carry.', { interrupted: true }));
  clock += 3 * 3600_000; // past midnight
  store.appendTurn(sampleTurn(a, 'Good morning', 'Good morning! How did you sleep?'));
  const b = store.createConversation('Про кота').id;
  store.appendTurn(sampleTurn(b, 'Мой кот Бублик заболел', 'Очень жаль. Как он сейчас?', { language: 'ru', crisis: false }));
  store.addFact('Has a cat called Bublik', b);
  store.addFact('Has an exam soon', a);
  store.upsertSummary(a, 'Could not sleep because of an exam.');
  store.patchSettings({ voice: 'male' });
  return { a, b };
}

describe('JSON export', () => {
  it('is complete and validates against its schema', () => {
    const { a, b } = seed();
    const out = path.join(dir, 'out', 'history.json');
    const r = exportJson(store, out);
    expect(r).toMatchObject({ path: out, turns: 4 });
    expect(r.bytes).toBe(fs.statSync(out).size);
    const data = LumioExportSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
    expect(data.conversations.map((c) => c.id)).toEqual([a, b]); // oldest first
    expect(data.conversations[0]!.turns).toEqual(store.getTurns(a));
    expect(data.conversations[0]!.summary).toEqual(store.getSummary(a));
    expect(data.memoryFacts).toEqual(store.listFacts());
    expect(data.settings?.voice).toBe('male');
  });

  it('round-trips through importJson into an empty store, and a second import adds nothing', () => {
    const { a, b } = seed();
    const out = path.join(dir, 'history.json');
    exportJson(store, out);
    const other = LumioStore.open(path.join(tempDir(), 'lumio.db'));
    try {
      expect(importJson(other, out)).toEqual({ conversations: 2, turns: 4, facts: 2, summaries: 1 });
      for (const id of [a, b]) {
        expect(other.getTurns(id)).toEqual(store.getTurns(id));
        expect(other.getConversation(id)).toEqual(store.getConversation(id));
      }
      expect(other.listFacts()).toEqual(store.listFacts());
      expect(other.listSummaries()).toEqual(store.listSummaries());
      expect(other.searchTurns('Бублик')).toHaveLength(1); // imported turns are indexed
      expect(other.getSettings().voice).toBe('female'); // settings in the file are not applied

      expect(importJson(other, out)).toEqual({ conversations: 0, turns: 0, facts: 0, summaries: 0 });
      expect(other.getTurns(a)).toHaveLength(3);
      expect(other.listFacts()).toHaveLength(2);
    } finally {
      other.close();
    }
  });

  it('merges: an export of one conversation into a store that has part of it adds only what is new', () => {
    const { a } = seed();
    const out = path.join(dir, 'one.json');
    const r = exportJson(store, out, { conversationId: a });
    expect(r.turns).toBe(3);
    // Parsed with the export's own schema: a file it rejects fails here too.
    const one = LumioExportSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
    expect(one.conversations).toHaveLength(1);
    expect(one.memoryFacts.map((f) => f.text)).toEqual(['Has an exam soon']);

    const other = LumioStore.open(path.join(tempDir(), 'lumio.db'));
    try {
      const first = store.getTurns(a)[0]!;
      other.appendTurn({ ...first }); // same id already there
      other.appendTurn(sampleTurn('unrelated', 'something else'));
      expect(importJson(other, out)).toMatchObject({ conversations: 0, turns: 2 });
      expect(other.getTurns(a).map((t) => t.id)).toEqual(store.getTurns(a).map((t) => t.id));
      expect(other.listConversations()).toHaveLength(2);
    } finally {
      other.close();
    }
  });

  it('refuses a file that is not an export, changing nothing', () => {
    seed();
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ format: 'something-else' }));
    expect(() => importJson(store, bad)).toThrow(LumioError);
    fs.writeFileSync(bad, '{ not json');
    expect(() => importJson(store, bad)).toThrow(/not a Lumio JSON export/);
    expect(() => importJson(store, path.join(dir, 'missing.json'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => exportJson(store, path.join(dir, 'x.json'), { conversationId: 'missing' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('Markdown export', () => {
  it('contains every turn, grouped by day, with mood shown gently and markup neutralised', () => {
    seed();
    const out = path.join(dir, 'history.md');
    const r = exportHistory(store, { format: 'md', file: out, timeZone: 'UTC' });
    expect(r.turns).toBe(4);
    const md = fs.readFileSync(out, 'utf8');
    for (const t of store.listConversations().flatMap((c) => store.getTurns(c.id))) {
      expect(md).toContain(t.userText.replace('\n#', '  \n\\#'));
      expect(md).toContain(t.replyText);
    }
    expect(md).toMatch(/^# Lumio — conversation history/);
    expect(md).toContain('## Про кота');
    expect(md).toContain('### 2026-11-20');
    expect(md).toContain('### 2026-11-21'); // the conversation crossed midnight
    expect(md).toContain('*You seemed a little down; your voice sounded quiet and slow*');
    expect(md).not.toMatch(/sadness|0\.8/); // no raw labels or scores
    expect(md).toContain('*(stopped early)*');
    expect(md).toContain('Could not sleep because of an exam.');
    expect(md).toContain('- Has a cat called Bublik');
    expect(md).toContain('\\# not a heading');
    expect(md).not.toMatch(/^#+ not a heading/m);
  });

  it('speaks Russian when asked, and respects the time zone', () => {
    seed();
    const md = renderMarkdown(buildExport(store), { language: 'ru', timeZone: 'Europe/Moscow' });
    expect(md).toContain('# Lumio — история разговоров');
    expect(md).toContain('Казалось, вы немного грустите');
    expect(md).toContain('### 2026-11-21'); // 22:00 UTC is already tomorrow in Moscow
    expect(md).toContain('**Вы** · 01:');
  });
});

describe('atomic write', () => {
  /** Real writes, but the disk "fills up" after `okBytes`: the kernel's ENOSPC, as a thrown error. */
  function fillingDisk(okBytes: number): WriteOps & { written: number } {
    const ops = {
      ...nodeWriteOps,
      written: 0,
      write(fd: number, data: Uint8Array): number {
        const room = okBytes - ops.written;
        if (room <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
        const n = nodeWriteOps.write(fd, data.subarray(0, Math.min(room, data.length)));
        ops.written += n;
        return n;
      },
    };
    return ops;
  }

  it('a full disk mid-export throws DISK_FULL, leaves no partial file, and keeps the old export intact', () => {
    seed();
    for (let i = 0; i < 100; i++) store.appendTurn(sampleTurn('long', `padding turn ${i} `.repeat(100)));
    const out = path.join(dir, 'exports', 'history.json');
    exportJson(store, out);
    const old = fs.readFileSync(out);
    store.appendTurn(sampleTurn('long', 'newer words'));

    const ops = fillingDisk(100_000);
    let err: unknown;
    try {
      exportJson(store, out, { ops });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LumioError);
    expect((err as LumioError).code).toBe('DISK_FULL');
    expect((err as LumioError).hint).toContain(out);
    expect(ops.written).toBe(100_000); // it really wrote part of the file before failing
    expect(fs.readFileSync(out).equals(old)).toBe(true);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['history.json']); // no temp file left behind
  });

  it('a failing rename or fsync also leaves nothing behind', () => {
    const out = path.join(dir, 'x.txt');
    fs.writeFileSync(out, 'old');
    for (const fail of ['fsync', 'rename'] as const) {
      const ops: WriteOps = {
        ...nodeWriteOps,
        [fail]: () => {
          throw Object.assign(new Error(`${fail} failed`), { code: 'EIO' });
        },
      };
      expect(() => writeFileAtomic(out, 'new content', ops)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
      expect(fs.readFileSync(out, 'utf8')).toBe('old');
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
    expect(writeFileAtomic(out, 'new content')).toEqual({ path: out, bytes: 11 });
    expect(fs.readFileSync(out, 'utf8')).toBe('new content');
  });

  const small = mountTmpfs(256);
  afterAll(() => {
    small?.unmount();
  });
  if (!small) console.log('[store] skipping the real full-disk export test: mounting a tmpfs needs root with CAP_SYS_ADMIN');
  it.skipIf(!small)('on a real full file system (256 KiB tmpfs): DISK_FULL, no partial file, old export intact', () => {
    try {
      const out = path.join(small!.dir, 'history.md');
      fs.writeFileSync(out, 'previous export\n');
      for (let i = 0; i < 60; i++) store.appendTurn(sampleTurn('big', `long talk ${i} `.repeat(400)));
      let err: unknown;
      try {
        exportMarkdown(store, out);
      } catch (e) {
        err = e;
      }
      expect((err as LumioError).code).toBe('DISK_FULL');
      expect(fs.readFileSync(out, 'utf8')).toBe('previous export\n');
      expect(fs.readdirSync(small!.dir)).toEqual(['history.md']);
    } finally {
      small!.unmount();
    }
  });
});
