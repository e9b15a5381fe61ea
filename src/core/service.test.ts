import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnEvent } from '../shared/domain.js';
import { prepareSpeechInput } from './audio/prepare.js';
import { forkNodeWorker } from './engine/node-channel.js';
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

function audioBuffer(samples: Float32Array): ArrayBuffer {
  return samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength) as ArrayBuffer;
}

function collectTurn(svc: LumioService): Promise<ServiceEvent[]> {
  const events: ServiceEvent[] = [];
  return new Promise((resolve) => {
    const off = svc.onEvent((e) => {
      events.push(e);
      if (e.type === 'turn.done' || e.type === 'turn.error') {
        off();
        resolve(events);
      }
    });
  });
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
  service = await LumioService.open({ home, modelsDir: fixtureModels, spawnWorker: () => forkNodeWorker() });
});

afterAll(async () => {
  await service?.close();
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(privateTmp, { recursive: true, force: true });
});

describe('LumioService', () => {
  it('runs a turn in the worker, streams its events and saves it, writing no audio anywhere', async () => {
    const before = new Map([...snapshot(home), ...snapshot(privateTmp)]);
    const events = collectTurn(service);
    const started = await service.handle('turn.start', { audio: audioBuffer(speech), sampleRate: 16000, options: { language: 'en' } });
    expect(started.ok).toBe(true);
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
    const bad = await service.handle('turn.start', { audio: 'not audio', sampleRate: 16000 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    const odd = await service.handle('turn.start', { audio: new ArrayBuffer(6), sampleRate: 16000 });
    expect(odd).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    const unknown = await service.handle('nope' as never, {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    const wipe = await service.handle('history.wipe', { confirm: false });
    expect(wipe).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
    const settings = await service.handle('settings.set', { tone: 'sarcastic' });
    expect(settings).toMatchObject({ ok: false, error: { code: 'IPC_INVALID' } });
  });

  it('rejects unusable audio before it reaches the engine', async () => {
    const empty = await service.handle('turn.start', { audio: new ArrayBuffer(0), sampleRate: 16000 });
    expect(empty).toMatchObject({ ok: false, error: { code: 'AUDIO_EMPTY' } });
    const nan = new Float32Array(16000).fill(Number.NaN);
    const invalid = await service.handle('turn.start', { audio: audioBuffer(nan), sampleRate: 16000 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'AUDIO_INVALID' } });
  });

  it('survives the engine process crashing mid-turn: a clear error, saved history intact, next turn works', async () => {
    const before = await service.handle('history.list', {});
    const events = collectTurn(service);
    const pidBefore = await new Promise<number>((resolve) => {
      const off = service.onEvent((e) => {
        if (e.type === 'turn.started') {
          off();
          resolve((service.supervisor as unknown as { channel: { pid: number } }).channel.pid);
        }
      });
      void service.handle('turn.start', { audio: audioBuffer(speech), sampleRate: 16000, options: { language: 'en' } });
    });
    // What a segfault in whisper.cpp looks like to the host.
    process.kill(pidBefore, 'SIGSEGV');
    const all = await events;
    const last = all.at(-1);
    expect(last?.type).toBe('turn.error');
    expect(last?.type === 'turn.error' && last.error.code).toBe('ENGINE_CRASHED');
    expect(last?.type === 'turn.error' && last.error.message).toMatch(/speech engine stopped/);

    const after = await service.handle('history.list', {});
    expect(after).toEqual(before);

    await service.idle();
    const next = collectTurn(service);
    await service.handle('turn.start', { audio: audioBuffer(speech), sampleRate: 16000, options: { language: 'en' } });
    expect((await next).at(-1)?.type).toBe('turn.done');
    const pidAfter = (service.supervisor as unknown as { channel: { pid: number } }).channel.pid;
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
      const r = await bare.handle('turn.start', { audio: audioBuffer(speech), sampleRate: 16000 });
      expect(r).toMatchObject({ ok: false, error: { code: 'MODEL_MISSING' } });
      const overview = await bare.handle('models.list', {});
      expect(overview.ok && overview.value.missingRoles).toEqual(['stt', 'llm', 'tts']);
    } finally {
      await bare.close();
      fs.rmSync(emptyHome, { recursive: true, force: true });
    }
  });
});
