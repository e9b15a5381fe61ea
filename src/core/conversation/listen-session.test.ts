import { describe, expect, it } from 'vitest';
import type { LanguageSetting, Transcript } from '../../shared/domain.js';
import type { PcmAudio, SpeechRecognizer } from '../engines.js';
import { CpuLane } from '../engine/cpu-lane.js';
import type { SpeechSegment, SpeechSegmenter } from '../vad/speech-segmenter.js';
import { contradicts, ListenSession } from './listen-session.js';

/**
 * The listen session's own rules, with a recognizer that records what it was asked (the real
 * recognizer and detector are tested on real models in speech-segmenter.test.ts and turn.test.ts).
 */
function recognizer(say: (language: LanguageSetting, call: number) => Transcript) {
  const calls: Array<{ language: LanguageSetting; samples: number }> = [];
  const r: SpeechRecognizer = {
    async transcribe(audio: PcmAudio, o) {
      calls.push({ language: o.language, samples: audio.samples.length });
      return say(o.language, calls.length);
    },
    dispose: async () => undefined,
  };
  return { r, calls };
}

/** A segmenter that cuts wherever the test says (every `every` samples). */
function cutEvery(every: number): SpeechSegmenter {
  let pending = new Float32Array(0);
  let at = 0;
  const take = (n: number): SpeechSegment => {
    const samples = pending.slice(0, n);
    pending = pending.slice(n);
    const seg = { samples, startMs: at / 16, endMs: (at + n) / 16 };
    at += n;
    return seg;
  };
  return {
    heardSpeech: true,
    busyMs: 0,
    push(samples) {
      const joined = new Float32Array(pending.length + samples.length);
      joined.set(pending);
      joined.set(samples, pending.length);
      pending = joined;
      const out: SpeechSegment[] = [];
      while (pending.length >= every) out.push(take(every));
      return out;
    },
    end() {
      return pending.length ? [take(pending.length)] : [];
    },
  };
}

const t = (text: string, language: 'ru' | 'en'): Transcript => ({ text, language, segments: [] });

describe('ListenSession', () => {
  it('recognises each segment as it ends, so the end of speech waits only for the last one', async () => {
    const { r, calls } = recognizer((_, n) => t(`part ${n}.`, 'en'));
    const heard: string[] = [];
    const s = new ListenSession({ recognizer: async () => r, segmenter: cutEvery(16000), language: 'en', lane: new CpuLane(), onHeard: (x) => heard.push(x) });
    s.push(new Float32Array(16000 * 2.5));
    await new Promise((res) => setTimeout(res, 10));
    // Two whole seconds were cut and recognised while the key was still down.
    expect(calls.length).toBe(2);
    expect(heard).toEqual(['part 1.', 'part 1. part 2.']);
    const result = await s.finish();
    expect(calls.length).toBe(3);
    expect(result.transcript.text).toBe('part 1. part 2. part 3.');
    expect(result.timings).toMatchObject({ inputAudioMs: 2500, sttSegments: 3 });
  });

  it('"auto" detects the first segment of a new conversation, then reads the rest in that language', async () => {
    const { r, calls } = recognizer((language) => t('Привет, как дела у тебя сегодня?', language === 'auto' ? 'ru' : language));
    const s = new ListenSession({ recognizer: async () => r, segmenter: cutEvery(16000), language: 'auto' });
    s.push(new Float32Array(16000 * 3));
    const result = await s.finish();
    expect(calls.map((c) => c.language)).toEqual(['auto', 'ru', 'ru']);
    expect(result.transcript.language).toBe('ru');
  });

  it("keeps the conversation's language without detecting, unless the letters say otherwise", async () => {
    // The person switched to English: read as Russian, the words come out in Latin letters.
    const { r, calls } = recognizer((language) =>
      language === 'auto'
        ? t('I think I will speak English now.', 'en')
        : t(language === 'ru' ? 'Ай синк ай вил... I think I will speak English' : 'fine', language),
    );
    const same = new ListenSession({ recognizer: async () => r, segmenter: cutEvery(32000), language: 'auto', conversationLanguage: 'ru' });
    same.push(new Float32Array(16000));
    const result = await same.finish();
    expect(calls.map((c) => c.language)).toEqual(['ru', 'auto']);
    expect(result.transcript).toMatchObject({ language: 'en', text: 'I think I will speak English now.' });
  });

  it('a fixed language is never detected; no words at all is NO_SPEECH, no audio AUDIO_EMPTY', async () => {
    const { r, calls } = recognizer(() => t('', 'en'));
    const quiet = new ListenSession({ recognizer: async () => r, segmenter: cutEvery(16000), language: 'en' });
    quiet.push(new Float32Array(16000));
    await expect(quiet.finish()).rejects.toMatchObject({ code: 'NO_SPEECH' });
    expect(calls.every((c) => c.language === 'en')).toBe(true);
    const empty = new ListenSession({ recognizer: async () => r, segmenter: cutEvery(16000), language: 'en' });
    await expect(empty.finish()).rejects.toMatchObject({ code: 'AUDIO_EMPTY' });
  });

  it('ignores audio past its limit and after a cancel', async () => {
    const { r, calls } = recognizer(() => t('words', 'en'));
    const s = new ListenSession({ recognizer: async () => r, segmenter: cutEvery(1_000_000), language: 'en', maxSeconds: 1 });
    s.push(new Float32Array(16000 * 3));
    expect(s.receivedMs).toBe(1000);
    await s.finish();
    expect(calls[0]!.samples).toBe(16000);
    const c = new ListenSession({ recognizer: async () => r, segmenter: cutEvery(16000), language: 'en' });
    c.cancel();
    c.push(new Float32Array(16000));
    await expect(c.finish()).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('contradicts', () => {
  it('is true when most letters are of the other script', () => {
    expect(contradicts('Ду you remember which city I moved to?', 'ru')).toBe(true);
    expect(contradicts('Привет, мой Name is Sam, и я переехал', 'ru')).toBe(false);
    expect(contradicts('Скажите, Штирлиц, а какой ваш любимый фильм', 'en')).toBe(true);
    expect(contradicts('ok', 'ru')).toBe(false);
    expect(contradicts('Spotify и YouTube', 'ru')).toBe(true);
  });
});
