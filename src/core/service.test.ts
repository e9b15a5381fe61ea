import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnEvent } from '../shared/domain.js';
import { draftPart } from '../shared/draft.js';
import { prepareSpeechInput } from './audio/prepare.js';
import { resample } from './audio/resample.js';
import { ALL_TECHNIQUES } from './engine/protocol.js';
import { forkNodeWorker } from './engine/node-channel.js';
import { feedRecording } from './host/feed-recording.js';
import { LumioService, type ServiceEvent } from './service.js';

/**
 * The service as every host uses it, with the engine in a real worker process on the fixture
 * models: a turn end to end, history saved, bad payloads refused, a crash of the engine in the
 * middle of a turn reported and survived, and no trace of the recording on disk.
 */
const fixtureModels = process.env.LUMIO_FIXTURE_MODELS ?? path.resolve('.fixtures/models');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-service-'));
// This test file runs in its own process: give it (and the engine worker it forks) a temp folder
// of their own, so "no audio file appeared in the temp dir" is not muddled by other test files.
const privateTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-service-tmp-'));
let service: LumioService;
let speech: Float32Array;

let turnCounter = 0;
const newTurnId = () => `svc-turn-${++turnCounter}`;

/** A spoken turn as the app's renderer sends it: begin, blocks of audio at the microphone's rate, end. */
function speak(svc: LumioService, samples: Float32Array, o: { sampleRate?: number; options?: Record<string, unknown>; turnId?: string } = {}) {
  return feedRecording((c, r) => svc.handle(c, r), {
    turnId: o.turnId ?? newTurnId(),
    samples,
    sampleRate: o.sampleRate ?? 16000,
    options: { language: 'en', ...o.options },
    pace: 'fast',
  });
}

/** The events until a turn ends (that turn's, when its id is given). */
function collectTurn(svc: LumioService, turnId?: string): Promise<ServiceEvent[]> {
  const events: ServiceEvent[] = [];
  return new Promise((resolve) => {
    const off = svc.onEvent((e) => {
      events.push(e);
      if ((e.type === 'turn.done' || e.type === 'turn.error') && (turnId === undefined || e.turnId === turnId)) {
        off();
        resolve(events);
      }
    });
  });
}

/**
 * Types these messages as one conversation and returns the prompt tokens each reply read after it
 * was sent (in `inConversation` if given); `between` runs after each reply (the time a person takes before the next message).
 */
async function typedConversation(
  svc: LumioService,
  texts: string[],
  between: () => Promise<void> = async () => undefined,
  inConversation?: string,
): Promise<number[]> {
  let conversationId = inConversation;
  const prompts: number[] = [];
  for (const text of texts) {
    const turnId = newTurnId();
    const events = collectTurn(svc, turnId);
    await svc.handle('turn.text', { turnId, text, options: { language: 'en', ...(conversationId ? { conversationId } : {}) } });
    const done = (await events).at(-1) as Extract<TurnEvent, { type: 'turn.done' }>;
    expect(done.type).toBe('turn.done');
    conversationId = done.conversationId;
    prompts.push(done.timings.llmPromptTokens ?? -1);
    await between();
  }
  return prompts;
}

/** Every file under a folder with its mtime, to see what a turn wrote. */
function snapshot(dir: string): Map<string, number> {
  const files = new Map<string, number>();
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.set(p, fs.statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return files;
}

beforeAll(async () => {
  const wav = path.join(home, 'question.wav');
  execFileSync('espeak-ng', ['-v', 'en', '-w', wav, 'Good evening. Today was a quiet day and I read a book.']);
  speech = prepareSpeechInput(fs.readFileSync(wav)).samples;
  fs.rmSync(wav);
  process.env.TMPDIR = privateTmp;
  // Seeded: the prompt-token counts below depend on what the replies said (a sentence the reply editor
  // leaves out is re-read on the next turn), so an unseeded run could differ from the next.
  service = await LumioService.open({ home, modelsDir: fixtureModels, spawnWorker: () => forkNodeWorker(), samplingSeed: 7 });
});

afterAll(async () => {
  await service?.close();
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(privateTmp, { recursive: true, force: true });
});

describe('LumioService', () => {
  it('runs a spoken turn session in the worker (48 kHz in, resampled here), streams its events and saves it, writing no audio anywhere', async () => {
    const before = new Map([...snapshot(home), ...snapshot(privateTmp)]);
    const events = collectTurn(service);
    await speak(service, resample(speech, 16000, 48000), { sampleRate: 48000 });
    const all = await events;
    const types = all.map((e) => e.type).filter((t) => t.startsWith('turn.'));
    expect(all.find((e) => e.type === 'turn.error')).toBeUndefined();
    expect(types[0]).toBe('turn.started');
    expect(types.at(-1)).toBe('turn.done');
    expect(types).toContain('turn.transcript');
    expect(types).toContain('turn.audio');
    const done = all.at(-1) as Extract<TurnEvent, { type: 'turn.done' }>;

    const list = await service.handle('history.list', {});
    expect(list.ok && list.value.length).toBe(1);
    const turns = await service.handle('history.get', { conversationId: done.conversationId });
    expect(turns.ok && turns.value[0]?.replyText).toBe(done.replyText);
    expect(turns.ok && turns.value[0]?.timings.sttMs).toBeTypeOf('number');

    expect(os.tmpdir()).toBe(privateTmp);
    // The recording lived only in memory: no new or changed file that holds audio.
    const after = new Map([...snapshot(home), ...snapshot(privateTmp)]);
    const written = [...after].filter(([file, mtime]) => before.get(file) !== mtime).map(([file]) => file);
    const audioLike = written.filter((file) => {
      if (/\.(wav|pcm|raw|flac|ogg|webm|mp3|f32)$/i.test(file)) return true;
      const head = Buffer.alloc(4);
      const fd = fs.openSync(file, 'r');
      fs.readSync(fd, head, 0, 4, 0);
      fs.closeSync(fd);
      return head.toString('latin1') === 'RIFF';
    });
    expect(audioLike).toEqual([]);
  });

  it('refuses malformed payloads with IPC_INVALID and unknown commands, without throwing', async () => {
    const bad = await service.handle('turn.audio', { turnId: 't', seq: 0, pcm: 'not audio' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    const odd = await service.handle('turn.audio', { turnId: 't', seq: 0, pcm: new ArrayBuffer(6) });
    expect(odd).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    const noSession = await service.handle('turn.audio', { turnId: 'never-began', seq: 0, pcm: new ArrayBuffer(8) });
    expect(noSession).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const unknown = await service.handle('nope' as never, {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    const wipe = await service.handle('history.wipe', { confirm: false });
    expect(wipe).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    const settings = await service.handle('settings.set', { tone: 'sarcastic' });
    expect(settings).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
  });

  it('an empty recording ends as AUDIO_EMPTY; damaged samples are refused before the engine sees them', async () => {
    const empty = collectTurn(service);
    await speak(service, new Float32Array(0));
    expect((await empty).at(-1)).toMatchObject({ type: 'turn.error', error: { code: 'AUDIO_EMPTY' } });
    const turnId = newTurnId();
    const broken = collectTurn(service);
    await service.handle('turn.begin', { turnId, sampleRate: 16000, options: {} });
    const nan = new Float32Array(1600).fill(Number.NaN);
    const invalid = await service.handle('turn.audio', { turnId, seq: 0, pcm: nan.buffer });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'AUDIO_INVALID' } });
    expect((await broken).at(-1)).toMatchObject({ type: 'turn.error', error: { code: 'ABORTED' } });
  });

  it('survives the engine process crashing mid-turn: a clear error, saved history intact, next turn works', async () => {
    const before = await service.handle('history.list', {});
    const events = collectTurn(service);
    // Killed once the reply has begun, so the message must name that stage, not the first one.
    const pidBefore = await new Promise<number>((resolve) => {
      const off = service.onEvent((e) => {
        if (e.type === 'turn.token') {
          off();
          resolve(service.engine.workerPid!);
        }
      });
      void speak(service, speech);
    });
    // What a segfault in whisper.cpp looks like to the host.
    process.kill(pidBefore, 'SIGSEGV');
    const all = await events;
    const last = all.at(-1);
    expect(last?.type).toBe('turn.error');
    expect(last?.type === 'turn.error' && last.error.code).toBe('ENGINE_CRASHED');
    expect(last?.type === 'turn.error' && last.error.message).toMatch(/speech engine stopped/);
    // The stage the turn was really in: writing (or already speaking) the reply.
    expect(last?.type === 'turn.error' && last.error.message).toMatch(/while (writing a reply|speaking)/);

    const after = await service.handle('history.list', {});
    expect(after).toEqual(before);

    await service.idle();
    const next = collectTurn(service);
    await speak(service, speech);
    expect((await next).at(-1)?.type).toBe('turn.done');
    const pidAfter = service.engine.workerPid!;
    expect(pidAfter).not.toBe(pidBefore);
  });

  it('answers a typed message in crisis with the fixed caring reply and help lines, spoken and saved', async () => {
    const events = collectTurn(service);
    const started = await service.handle('turn.text', { text: "  I can't go on, I want to end my life.  ", options: { language: 'en' } });
    expect(started.ok).toBe(true);
    const all = await events;
    expect(all.find((e) => e.type === 'turn.error')).toBeUndefined();
    const transcript = all.find((e) => e.type === 'turn.transcript');
    expect(transcript?.type === 'turn.transcript' && transcript.transcript.text).toBe("I can't go on, I want to end my life.");
    const crisis = all.find((e): e is Extract<TurnEvent, { type: 'turn.crisis' }> => e.type === 'turn.crisis');
    expect(crisis?.crisis.category).toBe('suicide');
    expect(crisis?.crisis.helplines.length).toBeGreaterThan(0);
    // The mood shown beside these words is not "calm".
    const mood = all.find((e) => e.type === 'turn.mood');
    expect(mood?.type === 'turn.mood' && mood.mood.label).toBe('sadness');
    const done = all.at(-1) as Extract<TurnEvent, { type: 'turn.done' }>;
    // The reply is the fixed crisis message (not the small model's words), and it is spoken.
    expect(done.replyText).toBe(crisis?.crisis.message);
    expect(all.some((e) => e.type === 'turn.audio')).toBe(true);
    // Typed: nothing was listened to.
    expect(done.timings.sttMs).toBeUndefined();
    expect(done.timings.vadMs).toBeUndefined();
    const turns = await service.handle('history.get', { conversationId: done.conversationId });
    expect(turns.ok && turns.value[0]).toMatchObject({ userText: "I can't go on, I want to end my life.", crisis: true });
  });

  it('a stop that comes after the reply was saved (audio still playing) keeps only what was heard', async () => {
    const events = collectTurn(service);
    await service.handle('turn.text', { text: 'Tell me something about the sea.', options: { language: 'en' } });
    const last = (await events).at(-1);
    expect(last?.type === 'turn.error' ? last.error : null).toBeNull();
    const done = last as Extract<TurnEvent, { type: 'turn.done' }>;
    expect(done.replyText.length).toBeGreaterThan(12);
    // A neutral sentence, but the fixture chat model's manifest does not say moodJudge: no second opinion.
    expect(done.timings.moodRefineMs).toBeUndefined();
    const r = await service.handle('turn.abort', { turnId: done.turnId, spokenChars: 10 });
    expect(r.ok).toBe(true);
    const turns = await service.handle('history.get', { conversationId: done.conversationId });
    const saved = turns.ok ? turns.value.find((t) => t.id === done.turnId) : undefined;
    expect(saved).toMatchObject({ interrupted: true, replyText: done.replyText.slice(0, 10).trim() });
    // Everything heard (or an unknown turn): nothing changes.
    await service.handle('turn.abort', { turnId: done.turnId, spokenChars: 10_000 });
    await service.handle('turn.abort', { turnId: 'no-such-turn', spokenChars: 3 });
    const again = await service.handle('history.get', { conversationId: done.conversationId });
    expect(again.ok && again.value.find((t) => t.id === done.turnId)?.replyText).toBe(saved?.replyText);
  });

  it('refuses an empty typed message without starting a turn', async () => {
    const r = await service.handle('turn.text', { text: '   ' });
    expect(r).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
  });

  it('reports missing models before starting a turn', async () => {
    const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-empty-'));
    const bare = await LumioService.open({ home: emptyHome, modelsDir: path.join(emptyHome, 'models'), spawnWorker: () => forkNodeWorker() });
    try {
      const r = await bare.handle('turn.begin', { turnId: 'x1', sampleRate: 16000 });
      expect(r).toMatchObject({ ok: false, error: { code: 'MODEL_MISSING' } });
      const overview = await bare.handle('models.list', {});
      expect(overview.ok && overview.value.missingRoles).toEqual(['stt', 'llm', 'tts']);
    } finally {
      await bare.close();
      fs.rmSync(emptyHome, { recursive: true, force: true });
    }
  });

  it('a first spoken turn in "auto" has its system prompt read while the person speaks, in the UI\'s language as the guess', async () => {
    // Two people's first turns, same words, one UI in English and one in Russian: the one whose UI
    // language matches the language heard had the system prompt read ahead, and its reply read far less.
    const firstTurn = async (uiLanguage: 'en' | 'ru') => {
      const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-first-'));
      const svc = await LumioService.open({ home: fresh, modelsDir: fixtureModels, spawnWorker: () => forkNodeWorker() });
      try {
        expect((await svc.handle('settings.set', { uiLanguage, language: 'auto' })).ok).toBe(true);
        const events = collectTurn(svc);
        await speak(svc, speech, { options: { language: 'auto' } });
        const all = await events;
        const done = all.at(-1) as Extract<TurnEvent, { type: 'turn.done' }>;
        expect(done.type).toBe('turn.done');
        const heard = all.find((e) => e.type === 'turn.transcript') as Extract<TurnEvent, { type: 'turn.transcript' }>;
        return { language: heard.transcript.language, read: done.timings.llmPromptTokens ?? -1 };
      } finally {
        await svc.close();
        fs.rmSync(fresh, { recursive: true, force: true });
      }
    };
    const en = await firstTurn('en');
    const ru = await firstTurn('ru');
    expect(en.language).toBe(ru.language);
    const [guessed, missed] = en.language === 'en' ? [en, ru] : [ru, en];
    expect(guessed.read).toBeGreaterThan(0);
    expect(guessed.read).toBeLessThan(missed.read * 0.5);
  });

  it('takes the next press at once: a turn begun from the turn.done listener is accepted, never ENGINE_BUSY', async () => {
    const first = collectTurn(service);
    await service.handle('turn.text', { text: 'Hello, how are you today?', options: { language: 'en' } });
    const answers: Array<{ ok: boolean; ms: number }> = [];
    const off = service.onEvent((e) => {
      if (e.type !== 'turn.done') return;
      off();
      const t0 = performance.now();
      void service
        .handle('turn.text', { text: 'And what about tomorrow?', options: { language: 'en', conversationId: e.conversationId } })
        .then((r) => answers.push({ ok: r.ok, ms: performance.now() - t0 }));
    });
    await first;
    const second = collectTurn(service);
    await second;
    expect(answers).toHaveLength(1);
    expect(answers[0]!.ok).toBe(true);
    expect(answers[0]!.ms).toBeLessThan(100);
  });

  it('a press while Lumio is answering stops that reply (kept as far as it was heard) and starts the new turn', async () => {
    const events: ServiceEvent[] = [];
    const off = service.onEvent((e) => events.push(e));
    const firstId = newTurnId();
    await service.handle('turn.text', { turnId: firstId, text: 'Tell me a long story about the mountains and the sea.', options: { language: 'en' } });
    // As soon as the reply starts, the person presses again (the UI first reports what was heard).
    await new Promise<void>((resolve) => {
      const stop = service.onEvent((e) => {
        if (e.type === 'turn.token' && e.turnId === firstId) {
          stop();
          resolve();
        }
      });
    });
    const firstEnded = collectTurn(service, firstId);
    await service.handle('turn.abort', { turnId: firstId, spokenChars: 0 });
    const secondId = newTurnId();
    const second = collectTurn(service, secondId);
    await speak(service, speech, { turnId: secondId });
    const all = await second;
    await firstEnded;
    off();
    expect(all.at(-1)?.type).toBe('turn.done');
    const firstEnd = events.find((e) => (e.type === 'turn.done' || e.type === 'turn.error') && e.turnId === firstId);
    expect(firstEnd?.type === 'turn.done' ? firstEnd.interrupted : firstEnd?.type === 'turn.error' && firstEnd.error.code).toBeTruthy();
  });

  it('reads only the new words for each typed turn of a conversation (the prompt is cached across turns)', async () => {
    const prompts = await typedConversation(service, [
      'I have a cat called Tom.',
      'He likes to sleep in the sun.',
      'Today he caught a mouse.',
      'Then he slept again.',
    ]);
    // The first turn reads the system prompt; later ones only their own note and words (the note's
    // length follows the mood, so they differ a little), never the conversation again.
    for (const later of prompts.slice(1)) expect(later).toBeLessThan(prompts[0]!);
    expect(prompts[3]!).toBeLessThan(prompts[0]! * 0.8);
  });

  it('reads a message while it is typed (turn.draft), so at send it reads little more than its last word', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const second = 'He likes to sleep on the warm windowsill in the afternoon sun.';
    const secondTurnReads = async (drafts: boolean): Promise<number> => {
      const first = newTurnId();
      const firstEvents = collectTurn(service, first);
      await service.handle('turn.text', { turnId: first, text: 'I have a cat called Tom.', options: { language: 'en' } });
      // A draft while the reply is being written is dropped (the turn reads first) and harms nothing.
      expect(await service.handle('turn.draft', { text: 'He likes', options: { language: 'en' } })).toEqual({ ok: true, value: { ok: true } });
      const done = (await firstEvents).at(-1) as Extract<TurnEvent, { type: 'turn.done' }>;
      expect(done.type).toBe('turn.done');
      const options = { language: 'en' as const, conversationId: done.conversationId };
      await sleep(800);
      if (drafts) {
        // As the app sends them while the person types: whole words, the last one still growing left out.
        for (const typed of [second.slice(0, 20), second.slice(0, 45), second.slice(0, -3)]) {
          await service.handle('turn.draft', { text: draftPart(typed), options });
          await sleep(300);
        }
      }
      const reads = await typedConversation(service, [second], undefined, done.conversationId);
      return reads[0]!;
    };
    const without = await secondTurnReads(false);
    const typedAhead = await secondTurnReads(true);
    expect(typedAhead).toBeGreaterThan(0);
    // Without drafts the note and all twelve words are read after the send.
    expect(typedAhead).toBeLessThanOrEqual(without / 2);
  });

  it('reads the finished turn and the next note head ahead after a reply, so the next typed turn reads less', async () => {
    const secondTurnReads = async (readAhead: boolean): Promise<number> => {
      service.setLatencyTechniques({ ...ALL_TECHNIQUES, readAhead });
      // The person listens to the reply and types the next message: time the worker may use.
      const reads = await typedConversation(service, ['My name is Anna and my sister is Kate.', 'ok'], () => new Promise((r) => setTimeout(r, 1500)));
      return reads[1]!;
    };
    try {
      const without = await secondTurnReads(false);
      const ahead = await secondTurnReads(true);
      // Without it, the second turn reads the end of the first and its note's head ("Their name is Anna…") after it is sent.
      expect(ahead).toBeGreaterThan(0);
      expect(ahead).toBeLessThan(without);
    } finally {
      service.setLatencyTechniques(ALL_TECHNIQUES);
    }
  });
});
