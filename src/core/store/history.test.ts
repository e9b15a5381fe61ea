import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Mood } from '../../shared/domain.js';
import { LumioError } from '../../shared/errors.js';
import { LumioStore, titleFromText } from './history.js';
import { ftsQuery } from './search-query.js';
import { sampleTurn } from '../testing/sample-turn.js';
import { tempDir } from './test-helpers.js';

let store: LumioStore;
let file: string;
let clock: number;
beforeEach(() => {
  file = path.join(tempDir(), 'lumio.db');
  clock = Date.parse('2026-11-20T09:00:00.000Z');
  // Each call moves the clock a minute, so ordering by time is deterministic.
  store = LumioStore.open(file, { now: () => new Date((clock += 60_000)) });
});
afterEach(() => store.close());

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LumioError);
    return (e as LumioError).code;
  }
  return 'no error';
}

const mood: Mood = { label: 'sadness', confidence: 0.8, valence: -0.6, arousal: -0.3, sources: ['text', 'voice'], summary: 'sounds tired' };

describe('keepSpokenPart: a reply stopped after it was saved', () => {
  it('keeps only what was heard, marks the turn interrupted, and the cut words leave the search index', () => {
    const c = store.createConversation();
    const t = store.appendTurn(sampleTurn(c.id, 'How was the lighthouse?', 'It was tall and white. Then a storm came over the harbour.'));
    expect(store.searchTurns('harbour')).toHaveLength(1);
    const updated = store.keepSpokenPart(t.id, 23);
    expect(updated).toMatchObject({ id: t.id, replyText: 'It was tall and white.', interrupted: true });
    expect(store.getTurns(c.id)[0]).toEqual(updated);
    expect(store.searchTurns('harbour')).toEqual([]);
    expect(store.searchTurns('lighthouse')).toHaveLength(1);
    // Again, or with everything heard, or for an unknown turn: nothing changes.
    expect(store.keepSpokenPart(t.id, 23)).toBeNull();
    expect(store.keepSpokenPart(t.id, 500)).toBeNull();
    expect(store.keepSpokenPart('nope', 3)).toBeNull();
    expect(store.getTurns(c.id)[0]).toEqual(updated);
  });
});

describe('conversations and turns', () => {
  it('appends turns, gets them back in order with every field, and lists conversations newest first', () => {
    const a = store.createConversation();
    const t1 = store.appendTurn(
      sampleTurn(a.id, 'I had a long day at work today and I am tired', 'That sounds exhausting.', { mood, language: 'en', tone: 'supportive', voice: 'male' }),
    );
    const t2 = store.appendTurn(sampleTurn(a.id, 'yes', 'Rest well.', { interrupted: true, timings: { sttMs: 1, firstAudioMs: 900 } }));
    const b = store.ensureConversation();
    store.appendTurn(sampleTurn(b.id, 'Привет, как дела?', 'Хорошо!', { language: 'ru' }));

    const turns = store.getTurns(a.id);
    expect(turns).toEqual([t1, t2]);
    expect(turns[0]).toMatchObject({ mood, tone: 'supportive', voice: 'male', interrupted: false, crisis: false });
    expect(turns[1]!.timings).toEqual({ sttMs: 1, firstAudioMs: 900 });
    expect(turns[1]!.interrupted).toBe(true);

    const list = store.listConversations({ limit: 10 });
    expect(list.map((c) => c.id)).toEqual([b.id, a.id]);
    expect(list[1]).toMatchObject({ title: 'I had a long day at work today…', turnCount: 2, updatedAt: t2.createdAt });
    expect(list[0]!.title).toBe('Привет, как дела?');
    expect(store.listConversations({ limit: 1 })).toHaveLength(1);
    expect(store.listConversations({ before: list[0]!.updatedAt }).map((c) => c.id)).toEqual([a.id]);
  });

  it('keeps an explicit title, creates a missing conversation on append, and ensureConversation is idempotent', () => {
    const c = store.createConversation('  Evening talk ');
    store.appendTurn(sampleTurn(c.id, 'first words here'));
    expect(store.getConversation(c.id)!.title).toBe('Evening talk');
    store.appendTurn(sampleTurn('made-by-host', 'hello'));
    expect(store.getConversation('made-by-host')).toMatchObject({ title: 'hello', turnCount: 1 });
    expect(store.ensureConversation('made-by-host').turnCount).toBe(1);
    expect(store.ensureConversation('brand-new')).toMatchObject({ id: 'brand-new', title: '', turnCount: 0 });
    expect(store.getConversation('nope')).toBeNull();
    // An untitled conversation whose title was never set (e.g. imported) still shows the first words.
    store.db.prepare("UPDATE conversations SET title = NULL WHERE id = 'made-by-host'").run();
    expect(store.getConversation('made-by-host')!.title).toBe('hello');
  });

  it('rejects an invalid turn and a duplicate id, writing nothing', () => {
    const c = store.createConversation();
    expect(code(() => store.appendTurn({ ...sampleTurn(c.id, 'x'), language: 'de' as 'en' }))).toBe('INVALID_ARGUMENT');
    const t = store.appendTurn(sampleTurn(c.id, 'once'));
    expect(code(() => store.appendTurn({ ...sampleTurn(c.id, 'twice'), id: t.id }))).toBe('INVALID_ARGUMENT');
    expect(store.getTurns(c.id).map((x) => x.userText)).toEqual(['once']);
  });

  it('recentTurns gives the last n, oldest first', () => {
    const c = store.createConversation();
    for (let i = 0; i < 6; i++) store.appendTurn(sampleTurn(c.id, `turn ${i}`));
    expect(store.recentTurns(c.id, 3).map((t) => t.userText)).toEqual(['turn 3', 'turn 4', 'turn 5']);
    expect(store.recentTurns(c.id, 0)).toEqual([]);
    expect(store.recentTurns(c.id, 100)).toHaveLength(6);
  });

  it('deleting a conversation removes its turns, summary and search entries, and unlinks its facts', () => {
    const c = store.createConversation();
    const keep = store.createConversation();
    store.appendTurn(sampleTurn(c.id, 'my exam is on friday'));
    store.appendTurn(sampleTurn(keep.id, 'another exam story'));
    store.upsertSummary(c.id, 'Talked about the exam.');
    const fact = store.addFact('Has an exam on Friday', c.id);
    expect(store.deleteConversation(c.id)).toBe(true);
    expect(store.deleteConversation(c.id)).toBe(false);
    expect(store.getConversation(c.id)).toBeNull();
    expect(store.getTurns(c.id)).toEqual([]);
    expect(store.getSummary(c.id)).toBeNull();
    expect(store.searchTurns('exam').map((h) => h.conversationId)).toEqual([keep.id]);
    expect(store.listFacts()).toEqual([{ ...fact, conversationId: null }]);
    expect(store.db.prepare("INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)").run().changes).toBeGreaterThanOrEqual(0);
  });
});

describe('search', () => {
  beforeEach(() => {
    const en = store.createConversation();
    const ru = store.createConversation();
    store.appendTurn(sampleTurn(en.id, 'I feel anxious about my driving test tomorrow', 'It is normal to feel nervous before a test.'));
    store.appendTurn(sampleTurn(en.id, 'My sister Anna helped me practise', 'That was kind of her.'));
    store.appendTurn(
      sampleTurn(ru.id, 'Завтра у меня экзамен по физике, я волнуюсь', 'Понимаю, волнение перед экзаменом — это нормально.', { language: 'ru' }),
    );
    store.appendTurn(sampleTurn(ru.id, 'Ёлка уже стоит, скоро Новый год', 'Как здорово!', { language: 'ru' }));
  });

  it('finds English and Russian words in what was said and answered, with a marked snippet', () => {
    const hits = store.searchTurns('driving test');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.snippet).toContain('[driving]');
    expect(store.searchTurns('NERVOUS')[0]!.snippet).toContain('[nervous]'); // reply text, any case
    expect(store.searchTurns('экзамен')).toHaveLength(1);
    expect(store.searchTurns('экзамен')[0]!.snippet).toMatch(/\[экзамен\]/);
    expect(store.searchTurns('ВОЛНУЮСЬ')).toHaveLength(1); // Cyrillic case folding
    expect(store.searchTurns('anna')).toHaveLength(1);
    expect(store.searchTurns('nothing-like-this')).toEqual([]);
  });

  it('matches prefixes and folds ё/е both ways', () => {
    expect(store.searchTurns('экзам')).toHaveLength(1); // prefix of экзамен / экзаменом
    expect(store.searchTurns('anxi')).toHaveLength(1);
    expect(store.searchTurns('елка')).toHaveLength(1);
    expect(store.searchTurns('ёлка')).toHaveLength(1);
  });

  it('treats FTS syntax in the query as plain text and never throws', () => {
    const nasty = [
      '"',
      '""',
      '"driving',
      'test*',
      '*',
      'NEAR(driving test)',
      'NEAR',
      'driving -test',
      '-',
      'a AND',
      'OR',
      'NOT test',
      '(',
      ')',
      '^test',
      'user_search:test',
      '{user_search}: x',
      "it's",
      '\\',
      '%',
      '',
      '   ',
      '«экзамен»',
      'экзамен!!!',
    ];
    for (const q of nasty) expect(() => store.searchTurns(q), q).not.toThrow();
    expect(store.searchTurns('"driving')).toHaveLength(1);
    expect(store.searchTurns('driving -test')).toHaveLength(1); // "-" is not NOT: both words match
    expect(store.searchTurns('NEAR(driving test)')).toHaveLength(0); // "near" is a word that is not there
    expect(store.searchTurns('«экзамен»')).toHaveLength(1);
    expect(store.searchTurns('')).toEqual([]);
  });

  it('builds quoted prefix terms', () => {
    expect(ftsQuery('say "hi" NEAR*')).toBe('"say"* "hi"* "NEAR"*');
    expect(ftsQuery('ёж')).toBe('"еж"*');
    expect(ftsQuery(' -*" ')).toBeNull();
  });
});

describe('settings', () => {
  it('starts at the defaults, validates patches, and persists across reopen', () => {
    expect(store.getSettings()).toEqual(DEFAULT_SETTINGS);
    const after = store.patchSettings({ tone: 'supportive', voice: 'male', microphoneId: 'mic-1' });
    expect(after).toEqual({ ...DEFAULT_SETTINGS, tone: 'supportive', voice: 'male', microphoneId: 'mic-1' });
    expect(code(() => store.patchSettings({ tone: 'sarcastic' }))).toBe('INVALID_ARGUMENT');
    expect(code(() => store.patchSettings({ notASetting: 1 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => store.patchSettings({ voice: 'male', tone: 'bad' }))).toBe('INVALID_ARGUMENT');
    expect(store.getSettings().voice).toBe('male'); // the partly-bad patch wrote nothing
    store.close();
    store = LumioStore.open(file);
    expect(store.getSettings()).toEqual(after);
  });

  it('a stored value that no longer validates falls back to its default alone', () => {
    store.patchSettings({ tone: 'neutral', uiLanguage: 'ru' });
    store.db.prepare("UPDATE settings SET value = '\"shouting\"' WHERE key = 'tone'").run();
    store.db.prepare("INSERT INTO settings(key, value) VALUES ('fromTheFuture', '1')").run();
    store.db.prepare("INSERT INTO settings(key, value) VALUES ('sttModel', ?)").run(JSON.stringify('x'.repeat(1_000_000)));
    // Written behind the store's back (another version): what the next open reads.
    store.close();
    store = LumioStore.open(file);
    expect(store.getSettings()).toEqual({ ...DEFAULT_SETTINGS, uiLanguage: 'ru' });
    expect(
      store
        .settingsReport()
        .refused.map((r) => r.key)
        .sort(),
    ).toEqual(['sttModel', 'tone']);
  });
});

describe('memory and kv', () => {
  it('facts: add, list in order, delete; empty facts refused', () => {
    const c = store.createConversation();
    const f1 = store.addFact('Name is Masha', c.id);
    const f2 = store.addFact('  Has a cat called Bублик  ');
    expect(f2.text).toBe('Has a cat called Bублик');
    expect(f2.conversationId).toBeNull();
    expect(store.addFact('x', 'missing-conversation').conversationId).toBeNull();
    expect(store.listFacts().slice(0, 2)).toEqual([f1, f2]);
    expect(store.deleteFact(f1.id)).toBe(true);
    expect(store.deleteFact(f1.id)).toBe(false);
    expect(store.listFacts().map((f) => f.id)).not.toContain(f1.id);
    expect(code(() => store.addFact('   '))).toBe('INVALID_ARGUMENT');
  });

  it('summaries: one per conversation, replaced on upsert, listed newest first, deleted by id', () => {
    const a = store.createConversation();
    const b = store.createConversation();
    const s1 = store.upsertSummary(a.id, 'First version');
    const s2 = store.upsertSummary(a.id, 'Second version');
    expect(s2.id).toBe(s1.id);
    expect(s2.text).toBe('Second version');
    const sb = store.upsertSummary(b.id, 'About b');
    expect(store.listSummaries()).toEqual([sb, s2]);
    expect(store.getSummary(a.id)).toEqual(s2);
    expect(code(() => store.upsertSummary('missing', 'x'))).toBe('NOT_FOUND');
    expect(store.deleteSummary(s2.id)).toBe(true);
    expect(store.listSummaries()).toEqual([sb]);
  });

  it('kv stores JSON values', () => {
    expect(store.kvGet('voice.baseline')).toBeUndefined();
    store.kvSet('voice.baseline', { pitchHz: 180.5, n: 3 });
    expect(store.kvGet('voice.baseline')).toEqual({ pitchHz: 180.5, n: 3 });
    store.kvSet('voice.baseline', [1, 2]);
    expect(store.kvGet('voice.baseline')).toEqual([1, 2]);
    expect(store.kvDelete('voice.baseline')).toBe(true);
    expect(store.kvGet('voice.baseline')).toBeUndefined();
  });
});

describe('titleFromText', () => {
  it('takes the first words and marks a cut', () => {
    expect(titleFromText('  hello   world ')).toBe('hello world');
    expect(titleFromText('one two three four five six seven eight nine')).toBe('one two three four five six seven eight…');
    expect(titleFromText('x'.repeat(100)).length).toBe(60);
    expect(titleFromText('')).toBe('');
  });
});
