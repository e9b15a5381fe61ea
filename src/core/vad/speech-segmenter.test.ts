import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareSpeechInput } from '../audio/prepare.js';
import { HAVE_ESPEAK, HAVE_SOX, TempAudioDir } from '../audio/testing/speech-fixtures.js';
import { createWholeRecordingSegmenter, type SpeechSegment } from './speech-segmenter.js';
import { loadSileroVad } from './silero-vad.js';

const shared = process.env.LUMIO_SHARED_DIR ?? path.resolve(process.cwd(), '..', 'shared');
const model = path.join(shared, 'models', 'vad', 'silero_vad.onnx');
const HAVE_MODEL = fs.existsSync(model);
if (!HAVE_MODEL) console.warn('[speech-segmenter.test] ../shared/models/vad/silero_vad.onnx absent: live segmentation cases skipped');

const RATE = 16000;
const audio = new TempAudioDir();
afterAll(() => audio.cleanup());

/** Sentences spoken by espeak-ng with the given silences between them (and 0.5 s at both ends). */
function spokenWithPauses(sentences: string[], pausesS: number[]): Float32Array {
  const parts: Float32Array[] = [new Float32Array(RATE / 2)];
  sentences.forEach((text, i) => {
    parts.push(prepareSpeechInput(fs.readFileSync(audio.speakToFile(text, { voice: 'en', pitch: 50, speed: 160, amplitude: 100 }))).samples);
    parts.push(new Float32Array(Math.round((pausesS[i] ?? 0.5) * RATE)));
  });
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Feeds the recording in 100 ms blocks as a microphone would; returns when each segment came out. */
function feed(samples: Float32Array, segmenter: ReturnType<ReturnType<typeof loadSileroVad>['segmenter']>) {
  const out: Array<SpeechSegment & { emittedAtMs: number }> = [];
  for (let at = 0; at < samples.length; at += 1600) {
    for (const s of segmenter.push(samples.subarray(at, Math.min(samples.length, at + 1600)))) out.push({ ...s, emittedAtMs: ((at + 1600) / RATE) * 1000 });
  }
  for (const s of segmenter.end()) out.push({ ...s, emittedAtMs: (samples.length / RATE) * 1000 });
  return out;
}

describe.skipIf(!HAVE_MODEL || !HAVE_ESPEAK || !HAVE_SOX)('speech segmenter on Silero VAD (real model, espeak-ng speech)', () => {
  const vad = HAVE_MODEL ? loadSileroVad({ modelPath: model }) : null;

  it('hands over each sentence after its pause, while the recording is still going', () => {
    const recording = spokenWithPauses(
      ['I had a really long day at work today, from early morning.', 'My manager changed the whole plan again in the evening.', 'Now I just want to rest.'],
      [1.0, 1.0, 0.6],
    );
    const segments = feed(recording, vad!.segmenter({ minSegmentMs: 2000 }));
    expect(segments.length).toBe(3);
    // The first two were ready well before the end of the recording: that is the time saved.
    const endMs = (recording.length / RATE) * 1000;
    expect(segments[0]!.emittedAtMs).toBeLessThan(endMs - 3000);
    expect(segments[1]!.emittedAtMs).toBeLessThan(endMs - 1000);
    // In order, not overlapping, and the silences between sentences are not part of any segment.
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.startMs).toBeGreaterThanOrEqual(segments[i - 1]!.endMs);
    const kept = segments.reduce((n, s) => n + s.samples.length, 0);
    expect(kept).toBeLessThan(recording.length - 1.5 * RATE);
  });

  it('keeps short phrases together with the next speech instead of cutting them alone', () => {
    const recording = spokenWithPauses(['Well.', 'I think I am fine.', 'Mostly.'], [0.7, 0.7, 0.5]);
    const segments = feed(recording, vad!.segmenter({ minSegmentMs: 2500 }));
    // "Well." alone is under the minimum: it stays with what follows.
    expect(segments[0]!.samples.length / RATE).toBeGreaterThan(1.5);
    expect(segments.length).toBeLessThanOrEqual(2);
  });

  it('silence alone gives no segment and says no speech was heard', () => {
    const segmenter = vad!.segmenter();
    expect(feed(new Float32Array(3 * RATE), segmenter)).toEqual([]);
    expect(segmenter.heardSpeech).toBe(false);
  });

  it('one detector serves the next recording after end()', () => {
    const first = feed(spokenWithPauses(['Hello there, how are you doing today?'], [0.5]), vad!.segmenter());
    const second = feed(spokenWithPauses(['Good evening, my friend.'], [0.5]), vad!.segmenter());
    expect(first.length).toBe(1);
    expect(second.length).toBe(1);
    expect(second[0]!.startMs).toBeLessThan(800);
  });
});

describe('whole-recording segmenter (no voice-activity model)', () => {
  it('returns everything at the end, as one segment', () => {
    const s = createWholeRecordingSegmenter();
    expect(s.push(new Float32Array(1600).fill(0.1))).toEqual([]);
    expect(s.push(new Float32Array(800).fill(0.2))).toEqual([]);
    const [segment, ...rest] = s.end();
    expect(rest).toEqual([]);
    expect(segment!.samples.length).toBe(2400);
    expect(segment!.endMs).toBe(150);
    expect(s.end()).toEqual([]);
  });
});
