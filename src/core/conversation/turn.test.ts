import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnEvent } from '../../shared/domain.js';
import { LumioError } from '../../shared/errors.js';
import { prepareSpeechInput } from '../audio/prepare.js';
import type { SpeechRecognizer, SpeechSynthesizer } from '../engines.js';
import { pickVoice } from '../models/locate.js';
import { resolveEngineModels } from '../host/engine-models.js';
import { loadLlamaChat, type LlamaChatModel } from '../llm/llama-chat.js';
import { loadWhisperRecognizer } from '../stt/whisper-recognizer.js';
import { loadSherpaVoice } from '../tts/sherpa-tts.js';
import { loadSileroVad } from '../vad/silero-vad.js';
import { createWholeRecordingSegmenter } from '../vad/speech-segmenter.js';
import type { SpeechDetector } from '../engines.js';
import { ListenSession } from './listen-session.js';
import { EMOTION_LABELS } from '../../shared/domain.js';
import { classifyTextEmotion, EMOTION_JSON_SCHEMA } from '../emotion/text-emotion.js';
import { createCompanion, REFINE_BELOW_CONFIDENCE, type AskJson } from './companion.js';
import { runTurn, runTurnSafely, type TurnContext, type TurnEngines, type TurnRequest } from './turn.js';
import { analyzeProsody } from '../audio/prosody.js';

/**
 * A whole turn through the real engines on the fixture models (miniature random-weight whisper
 * and voices, the tiny TinyStories llama). What is asserted is what is true of them: the stages
 * run, in order, audio streams while the model writes, timings are there, errors are typed.
 * Nothing here looks at what the words say.
 */
const modelsDir = process.env.LUMIO_FIXTURE_MODELS ?? path.resolve('.fixtures/models');
let engines: TurnEngines;
let llm: LlamaChatModel;
let stt: SpeechRecognizer;
let vad: SpeechDetector | null;
/** The generated stand-in llama (no ../shared) writes one long run-on "sentence"; TinyStories writes several. */
let llmWritesSentences = true;
const voices = new Map<string, Promise<SpeechSynthesizer>>();
let speech: Float32Array;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-turn-'));

beforeAll(async () => {
  const resolved = await resolveEngineModels(modelsDir, { sttModel: null, llmModel: null });
  expect(resolved.missingRoles).toEqual([]);
  const { stt: sttRef, llm: llmRef, vad: vadRef } = resolved.models;
  llmWritesSentences = llmRef?.manifest.synthetic !== true;
  llm = await loadLlamaChat({ modelPath: path.join(llmRef!.dir, llmRef!.manifest.files.model), threads: 1, contextSize: 512, seed: 7 });
  stt = await loadWhisperRecognizer({ modelPath: path.join(sttRef!.dir, sttRef!.manifest.files.model), threads: 1 });
  vad = vadRef ? loadSileroVad({ modelPath: path.join(vadRef.dir, vadRef.manifest.files.model) }) : null;
  engines = {
    llm,
    voice(language, gender) {
      const ref = pickVoice(resolved.models.voices, language, gender).tts!;
      let v = voices.get(ref.manifest.id);
      if (!v) voices.set(ref.manifest.id, (v = loadSherpaVoice({ modelDir: ref.dir, manifest: ref.manifest, threads: 1 })));
      return v;
    },
  };
  // Real speech made here with espeak-ng, with silence around it for the VAD to trim.
  const wav = path.join(work, 'q.wav');
  execFileSync('espeak-ng', ['-v', 'en', '-w', wav, 'Hello there. I had a long day at work and I feel a little tired.']);
  speech = prepareSpeechInput(fs.readFileSync(wav)).samples;
  fs.rmSync(wav);
  const padded = new Float32Array(speech.length + 16000);
  padded.set(speech, 8000);
  speech = padded;
});

afterAll(async () => {
  await stt?.dispose();
  await llm?.dispose();
  for (const v of voices.values()) await (await v).dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The recording fed as a microphone would, in 100 ms blocks, into a listen session (the key is still down). */
function listenTo(samples: Float32Array, recognizer: SpeechRecognizer = stt): ListenSession {
  const listen = new ListenSession({
    recognizer: async () => recognizer,
    segmenter: vad ? vad.segmenter() : createWholeRecordingSegmenter(),
    language: 'en',
    analyze: (audio) => analyzeProsody(audio),
  });
  for (let at = 0; at < samples.length; at += 1600) listen.push(samples.subarray(at, Math.min(samples.length, at + 1600)));
  return listen;
}

function request(overrides: Partial<TurnRequest> = {}): TurnRequest {
  return {
    turnId: 't1',
    conversationId: 'c1',
    input: { listen: listenTo(speech) },
    tone: 'friendly',
    voice: 'female',
    language: 'en',
    context: { history: [] },
    ...overrides,
  };
}

const companion = createCompanion();

describe('runTurn on the fixture models', () => {
  it('runs every stage in order and streams audio while the model is still writing', async () => {
    const events: TurnEvent[] = [];
    let firstAudioAt = Infinity;
    let replyWrittenAt = Infinity;
    const llm = engines.llm;
    // The same model, noting when it has written its whole reply.
    const timed: TurnEngines = {
      ...engines,
      llm: { reply: async (r) => llm.reply(r).finally(() => (replyWrittenAt = performance.now())), dispose: () => Promise.resolve() },
    };
    const result = await runTurn(request(), timed, companion.forTurn(companion.restoreBaseline(null)), (e) => {
      if (e.type === 'turn.audio' && firstAudioAt === Infinity) firstAudioAt = performance.now();
      events.push(e);
    });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('turn.started');
    expect(types.indexOf('turn.transcript')).toBe(1);
    expect(types.indexOf('turn.mood')).toBe(2);
    expect(types.at(-1)).toBe('turn.done');
    expect(result.transcript.text.length).toBeGreaterThan(0);
    expect(['ru', 'en']).toContain(result.transcript.language);

    const tokens = events.filter((e) => e.type === 'turn.token');
    const audio = events.filter((e): e is Extract<TurnEvent, { type: 'turn.audio' }> => e.type === 'turn.audio');
    expect(tokens.length).toBeGreaterThan(1);
    expect(audio.length).toBeGreaterThan(llmWritesSentences ? 1 : 0);
    for (const a of audio) {
      expect(a.sampleRate).toBeGreaterThan(8000);
      expect(a.pcm.length).toBeGreaterThan(0);
    }
    expect(audio.map((a) => a.index)).toEqual(audio.map((_, i) => i));
    // Streaming: the first sentence was voiced before the model had written the whole reply.
    if (llmWritesSentences) expect(firstAudioAt).toBeLessThan(replyWrittenAt);

    const t = result.timings;
    for (const key of ['inputAudioMs', 'vadMs', 'sttMs', 'emotionMs', 'llmFirstTokenMs', 'llmMs', 'ttsMs', 'firstAudioMs', 'totalMs'] as const) {
      expect(t[key], key).toBeTypeOf('number');
    }
    expect(t.firstAudioMs!).toBeLessThan(t.totalMs!);
    expect(t.replyAudioMs!).toBeGreaterThan(0);
    expect(result.spokenSentences.join(' ').length).toBeGreaterThan(0);
  });

  it('the real chat model gives a closed-answer second opinion on an unsure mood (post-reply work)', async () => {
    // The grammar makes any model answer the schema: a label from the seven, a number.
    const direct = (await llm.completeJson('Which emotion: "I lost my keys again."', EMOTION_JSON_SCHEMA, { maxTokens: 48 })) as {
      label: string;
      confidence: string;
    };
    expect(EMOTION_LABELS).toContain(direct.label);
    expect(['low', 'medium', 'high']).toContain(direct.confidence);

    const askJson: AskJson = (prompt, schema, o) => llm.completeJson(prompt, schema, o);
    const forTurn = companion.forTurn(companion.restoreBaseline(null), askJson);
    const text = 'I went to the shop and then came home.';
    const fast = forTurn.mood(text, 'en', undefined);
    const refined = await forTurn.refineMood!(text, 'en', fast);
    const unsure = classifyTextEmotion(text, 'en');
    // A second opinion is asked only when the fast one is unsure; it either changes the label (and says so) or stands back.
    if (unsure.label !== 'neutral' && unsure.confidence >= REFINE_BELOW_CONFIDENCE) expect(refined).toBeNull();
    if (refined) {
      expect(refined.sources).toContain('llm');
      expect(refined.label).not.toBe(fast.label);
    }
    // A stop withdraws the question at once.
    const stopped = new AbortController();
    stopped.abort();
    await expect(forTurn.refineMood!(text, 'en', fast, stopped.signal)).resolves.toBeNull();
  });

  it('runs a typed message without the recognizer: the letters decide the language, the mood is from words only', async () => {
    const events: TurnEvent[] = [];
    const typed = await runTurn(
      request({ input: { text: '  Мне сегодня грустно и одиноко. ' }, language: 'en' }),
      engines,
      companion.forTurn(companion.restoreBaseline(null)),
      (e) => events.push(e),
    );
    expect(typed.transcript).toEqual({ text: 'Мне сегодня грустно и одиноко.', language: 'ru', segments: [] });
    expect(typed.mood.sources).toEqual(['text']);
    expect(typed.timings.sttMs).toBeUndefined();
    expect(typed.replyText.length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'turn.audio')).toBe(true);
    await expect(
      runTurn(request({ input: { text: '   ' } }), engines, companion.forTurn(companion.restoreBaseline(null)), () => undefined),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('speaks the first clause early; with firstClause off, the first chunk is a whole sentence', async () => {
    const chunks = async (firstClause: boolean) => {
      const events: TurnEvent[] = [];
      await runTurn(
        request({ input: { text: 'Tell me a story about a cat.' }, firstClause }),
        engines,
        companion.forTurn(companion.restoreBaseline(null)),
        (e) => events.push(e),
      );
      return events.filter((e): e is Extract<TurnEvent, { type: 'turn.sentence' }> => e.type === 'turn.sentence').map((e) => e.text);
    };
    const sentenceFirst = await chunks(false);
    const clauseFirst = await chunks(true);
    expect(sentenceFirst.length).toBeGreaterThan(0);
    // Seeded sampling: the same reply both times, cut differently at its start.
    if (llmWritesSentences) expect(sentenceFirst[0]).toMatch(/[.!?…]["»”)]*$/u);
    expect(clauseFirst[0]!.length).toBeLessThanOrEqual(sentenceFirst[0]!.length);
  });

  it('stops mid-reply on abort, keeps only what was spoken, and sends no audio after the stop', async () => {
    const controller = new AbortController();
    const events: TurnEvent[] = [];
    let abortedAt = -1;
    let tokens = 0;
    const result = await runTurn(request({ signal: controller.signal }), engines, companion.forTurn(companion.restoreBaseline(null)), (e) => {
      events.push(e);
      if (e.type === 'turn.token' && ++tokens === 3) {
        controller.abort();
        abortedAt = events.length - 1;
      }
    });
    expect(abortedAt).toBeGreaterThan(0);
    expect(result.interrupted).toBe(true);
    expect(events.slice(abortedAt + 1).filter((e) => e.type === 'turn.audio')).toEqual([]);
    const done = events.at(-1);
    expect(done?.type === 'turn.done' && done.interrupted).toBe(true);
    // What was spoken is a prefix of what was written, never more.
    expect(result.replyText.startsWith(result.spokenSentences.join(' ').slice(0, 1))).toBe(true);
    expect(result.spokenSentences.join(' ').length).toBeLessThanOrEqual(result.replyText.length);
  });

  it('answers silence with NO_SPEECH instead of a transcript', async () => {
    const events: TurnEvent[] = [];
    const result = await runTurnSafely(
      request({ input: { listen: listenTo(new Float32Array(16000 * 2)) } }),
      engines,
      companion.forTurn(companion.restoreBaseline(null)),
      (e) => events.push(e),
    );
    expect(result).toBeNull();
    const error = events.at(-1);
    expect(error?.type).toBe('turn.error');
    expect(error?.type === 'turn.error' && error.error.code).toBe('NO_SPEECH');
    expect(events.some((e) => e.type === 'turn.transcript')).toBe(false);
  });

  it('replies to crisis language with the fixed caring message and help lines, not the model', async () => {
    const events: TurnEvent[] = [];
    const crisisCompanion = companion.forTurn(companion.restoreBaseline(null));
    // The mini whisper cannot transcribe; give the turn a recognizer stand-in that returns a known sentence,
    // so the safety path is tested on the real LLM-free branch with the real voice.
    const said = { transcribe: async () => ({ text: 'I want to end my life', language: 'en' as const, segments: [] }), dispose: async () => undefined };
    const result = await runTurn(request({ input: { listen: listenTo(speech, said) } }), engines, crisisCompanion, (e) => events.push(e));
    expect(result.crisis).not.toBeNull();
    expect(result.crisis!.helplines.length).toBeGreaterThan(0);
    expect(result.replyText).toBe(result.crisis!.message);
    expect(result.timings.llmMs).toBeUndefined();
    expect(events.some((e) => e.type === 'turn.crisis')).toBe(true);
    expect(events.some((e) => e.type === 'turn.audio')).toBe(true);
  });

  it('keeps a whole reply, and says why, when its voice is missing: a crisis reply is still shown with its help lines', async () => {
    const noVoice = async (): Promise<SpeechSynthesizer> => {
      throw new LumioError('MODEL_MISSING', 'No voice is installed for Russian.', { hint: 'Open Models and download a voice.' });
    };
    const events: TurnEvent[] = [];
    const result = await runTurn(
      request({ input: { text: 'Мне страшно, я не хочу больше жить.' } }),
      { ...engines, voice: noVoice },
      companion.forTurn(companion.restoreBaseline(null)),
      (e) => events.push(e),
    );
    expect(events.some((e) => e.type === 'turn.error')).toBe(false);
    expect(events.some((e) => e.type === 'turn.audio')).toBe(false);
    const done = events.at(-1);
    expect(done?.type).toBe('turn.done');
    if (done?.type !== 'turn.done') return;
    expect(done.replyText).toBe(result.crisis!.message);
    expect(done.interrupted).toBe(false);
    expect(done.speechError).toMatchObject({ code: 'MODEL_MISSING', hint: 'Open Models and download a voice.' });
    expect(result.speechError?.code).toBe('MODEL_MISSING');
    expect(done.timings.ttsMs).toBeUndefined();
  });

  it('waits for the conversation the host sends after the key went down, and reports the prompt it read', async () => {
    let give!: (c: TurnContext) => void;
    const context = new Promise<TurnContext>((resolve) => (give = resolve));
    const events: TurnEvent[] = [];
    const running = runTurn(
      request({ input: { text: 'And what about tomorrow?' }, context }),
      engines,
      companion.forTurn(companion.restoreBaseline(null)),
      (e) => events.push(e),
    );
    await new Promise((r) => setTimeout(r, 50));
    // Words and mood come at once; the reply waits for the history.
    expect(events.map((e) => e.type)).toEqual(['turn.started', 'turn.transcript', 'turn.mood']);
    give({
      history: [
        { role: 'user', text: 'I have an exam tomorrow.' },
        { role: 'assistant', text: 'Good luck with it!' },
      ],
    });
    const result = await running;
    expect(result.timings.llmPromptTokens).toBeGreaterThan(0);
    // Two past turns fit the window whole: none folded.
    expect(result.timings.llmTurnsOutOfView).toBe(0);
  });

  it('hands the first sentence to the voice as soon as it ends, not when the held second sentence is judged', async () => {
    // The editor holds the second sentence until it ends; the voice must not wait for it.
    const pieces = ['I hear', ' you.', ' What', ' made', ' today', ' so', ' hard', '?'];
    const events: TurnEvent[] = [];
    let written = 0;
    let writtenWhenSpoken = -1;
    const writer: TurnEngines['llm'] = {
      async reply(r) {
        for (const p of pieces) {
          r.onToken?.(p);
          written++;
          // A token at a time, as a model writes: the voice's queue gets its turn in between.
          await new Promise((resolve) => setImmediate(resolve));
        }
        return { text: pieces.join(''), tokens: pieces.length, aborted: false, droppedHistory: 0, promptTokens: 10, note: r.note ?? '' };
      },
      dispose: () => Promise.resolve(),
    };
    await runTurn(
      request({ input: { text: 'It was a bad day.' }, firstClause: false }),
      { ...engines, llm: writer },
      companion.forTurn(companion.restoreBaseline(null)),
      (e) => {
        if (e.type === 'turn.sentence' && e.index === 0) writtenWhenSpoken = written;
        events.push(e);
      },
    );
    const spoken = events.flatMap((e) => (e.type === 'turn.sentence' ? [e.text] : []));
    expect(spoken).toEqual(['I hear you.', 'What made today so hard?']);
    // Handed over right after " What" showed the first sentence was over (3 pieces written), long before the "?".
    expect(writtenWhenSpoken).toBe(3);
  });

  it('shows, speaks and keeps the reply as edited: a question asked in an earlier reply is left out, and turn.done says so', async () => {
    // A scripted chat model writing, in small pieces, a reply whose second sentence repeats an earlier question.
    const scripted = 'That sounds like a long day. What did you do at work today? I hope the evening is calmer.';
    const writer: TurnEngines['llm'] = {
      async reply(r) {
        for (let i = 0; i < scripted.length; i += 4) r.onToken?.(scripted.slice(i, i + 4));
        return { text: scripted, tokens: 24, aborted: false, droppedHistory: 0, promptTokens: 10, note: r.note ?? '' };
      },
      dispose: () => Promise.resolve(),
    };
    const events: TurnEvent[] = [];
    const result = await runTurn(
      request({
        input: { text: 'I am back home now.' },
        context: {
          history: [
            { role: 'user', text: 'I had a long day at work.' },
            { role: 'assistant', text: 'Oh no. What did you do at work?' },
          ],
        },
      }),
      { ...engines, llm: writer },
      companion.forTurn(companion.restoreBaseline(null)),
      (e) => events.push(e),
    );
    const shown = events.flatMap((e) => (e.type === 'turn.token' ? [e.text] : [])).join('');
    const kept = 'That sounds like a long day. I hope the evening is calmer.';
    expect(shown).toBe(kept);
    expect(result.replyText).toBe(kept);
    expect(result.spokenSentences.join(' ')).not.toMatch(/What did you do/);
    const done = events.at(-1);
    expect(done?.type === 'turn.done' && done.dropped).toEqual([{ sentence: 'What did you do at work today?', reason: 'repeated question' }]);
  });

  /** A chat model that writes this reply in small pieces, whatever it is asked. */
  const scriptedWriter = (scripted: string): TurnEngines['llm'] => ({
    async reply(r) {
      for (let i = 0; i < scripted.length; i += 4) r.onToken?.(scripted.slice(i, i + 4));
      return { text: scripted, tokens: 24, aborted: false, droppedHistory: 0, promptTokens: 10, note: r.note ?? '' };
    },
    dispose: () => Promise.resolve(),
  });

  it("answers a question asked back with the person's own words when the reply does not say them", async () => {
    const events: TurnEvent[] = [];
    const result = await runTurn(
      request({
        input: { text: 'а вы помните как моего кота зовут' },
        language: 'ru',
        context: {
          history: [
            { role: 'user', text: 'я одна живу уже лет пять со мной только кот барсик' },
            { role: 'assistant', text: 'Понимаю.' },
          ],
        },
      }),
      { ...engines, llm: scriptedWriter('К сожалению, у меня нет информации о вашем коте.') },
      companion.forTurn(companion.restoreBaseline(null)),
      (e) => events.push(e),
    );
    expect(result.replyText).toBe('Помню твои слова: «я одна живу уже лет пять со мной только кот барсик».');
    const done = events.at(-1);
    expect(done?.type === 'turn.done' && done.dropped).toEqual([{ sentence: 'К сожалению, у меня нет информации о вашем коте.', reason: 'not answered' }]);
  });

  it('stops the chat model once the reply is as long as its tone allows, and is not counted as interrupted', async () => {
    // A neutral reply may have two sentences; this writer would go on for five, a token at a time, until stopped.
    const sentences = ['Got it.', ' The exam is at nine.', ' Break the work into parts.', ' Sleep early.', ' Good luck.'];
    let written = 0;
    let stoppedAt = -1;
    const writer: TurnEngines['llm'] = {
      async reply(r) {
        for (const p of sentences) {
          if (r.signal?.aborted) {
            stoppedAt = written;
            return { text: sentences.slice(0, written).join(''), tokens: written, aborted: true, droppedHistory: 0, promptTokens: 10, note: r.note ?? '' };
          }
          r.onToken?.(p);
          written++;
        }
        return { text: sentences.join(''), tokens: written, aborted: false, droppedHistory: 0, promptTokens: 10, note: r.note ?? '' };
      },
      dispose: () => Promise.resolve(),
    };
    const result = await runTurn(
      request({ input: { text: 'my exam is at nine tomorrow' }, tone: 'neutral' }),
      { ...engines, llm: writer },
      companion.forTurn(companion.restoreBaseline(null)),
      () => undefined,
    );
    expect(result.replyText).toBe('Got it. The exam is at nine.');
    // The second sentence is judged when the third starts; the writer is stopped right after that piece.
    expect(stoppedAt).toBe(3);
    expect(result.interrupted).toBe(false);
    // The third sentence came in the same piece as the second's end: written, so judged, and left out.
    expect(result.dropped).toEqual([{ sentence: 'Break the work into parts.', reason: 'too long' }]);
  });

  it('shows and speaks no markdown, list marks, emoji or actions', async () => {
    const events: TurnEvent[] = [];
    const result = await runTurn(
      request({ input: { text: 'any tips for the talk?' }, tone: 'friendly' }),
      { ...engines, llm: scriptedWriter('Sure! *smiles* Two things:\n1. **Breathe** first.\n2. Smile 🙂.') },
      companion.forTurn(companion.restoreBaseline(null)),
      (e) => events.push(e),
    );
    expect(result.replyText).toBe('Sure! Two things: Breathe first. Smile.');
    expect(events.flatMap((e) => (e.type === 'turn.token' ? [e.text] : [])).join('')).toBe(result.replyText);
    expect(result.spokenSentences.join(' ')).not.toMatch(/[*🙂]|\d\./u);
  });

  it('leaves out the system prompt said back, as it does the note', async () => {
    const persona = companion.forTurn(companion.restoreBaseline(null)).systemPrompt({ language: 'ru', tone: 'friendly' });
    const echoed = persona.split('\n')[1]!.split('. ').slice(0, 2).join('. ');
    const result = await runTurn(
      request({ input: { text: 'а напоминания ты ставить умеешь' }, language: 'ru', tone: 'friendly' }),
      { ...engines, llm: scriptedWriter(`Нет, не умею. ${echoed}.`) },
      companion.forTurn(companion.restoreBaseline(null)),
      () => undefined,
    );
    expect(result.replyText).toBe('Нет, не умею.');
  });
});
