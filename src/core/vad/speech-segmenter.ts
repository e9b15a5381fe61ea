import type { SherpaVad } from '../sherpa/sherpa-onnx.js';

/**
 * Cuts a recording into speech segments while it is still being made, so each one can be
 * transcribed as soon as the person pauses: by the time the talk key comes up, only the last
 * segment is left to recognise.
 *
 * A segment runs from the first speech onset after the previous cut to a speech offset followed by
 * a pause (the detector's minimum silence), once it holds at least `minSegmentMs` from onset to
 * offset. Shorter stretches join the next speech, pauses and all: whisper hears a clause better
 * with its neighbours, and one 4-second segment costs less than four 1-second ones. Silence
 * before the first speech and after the last is left out (with `paddingMs` kept at the edges so
 * breath and plosives survive). Audio already cut into a segment is dropped from here at once.
 */

export interface SpeechSegment {
  /** 16 kHz mono, from the segment's onset (minus padding) to its offset (plus padding). */
  samples: Float32Array;
  /** Position in the recording. */
  startMs: number;
  endMs: number;
}

export interface SpeechSegmenter {
  /** Feeds 16 kHz audio; returns the segments that ended in it (usually none). */
  push(samples: Float32Array): SpeechSegment[];
  /** End of the recording: the rest of the speech, if any. */
  end(): SpeechSegment[];
  /** Whether any speech was heard so far. */
  readonly heardSpeech: boolean;
  /** Milliseconds spent in the detector (its cost, for the turn's timings). */
  readonly busyMs: number;
}

export interface SegmenterOptions {
  /** A cut needs at least this much from the segment's first onset to the offset. */
  minSegmentMs?: number;
  paddingMs?: number;
  /** The detector's window: Silero v5 in sherpa-onnx takes 512 samples at 16 kHz. */
  window?: number;
}

const RATE = 16_000;

/**
 * A segmenter on a Silero detector (sherpa-onnx Vad, configured with the pause length that ends a
 * segment). The detector is reset here, so one detector serves one recording at a time.
 */
export function createSpeechSegmenter(vad: SherpaVad, o: SegmenterOptions = {}): SpeechSegmenter {
  const minSegment = Math.round(((o.minSegmentMs ?? 2000) / 1000) * RATE);
  const pad = Math.round(((o.paddingMs ?? 200) / 1000) * RATE);
  const windowSize = o.window ?? 512;
  // The detector confirms speech only after its minimum speech time and places the onset back
  // where it began, so keep a second of audio from before the onset is known.
  const lookback = RATE;

  /** All audio not yet cut, starting at absolute sample `keptFrom`. */
  let kept: Float32Array[] = [];
  let keptFrom = 0;
  let received = 0;
  /** Detector input not yet a whole window. */
  let carry = new Float32Array(0);
  let onset = -1;
  let offset = -1;
  let heard = false;
  let busyMs = 0;

  vad.reset();

  const slice = (from: number, to: number): Float32Array => {
    const out = new Float32Array(Math.max(0, to - from));
    let at = keptFrom;
    for (const block of kept) {
      const a = Math.max(from, at);
      const b = Math.min(to, at + block.length);
      if (b > a) out.set(block.subarray(a - at, b - at), a - from);
      at += block.length;
    }
    return out;
  };

  /** Forgets kept audio before absolute sample `until`. */
  const dropBefore = (until: number): void => {
    while (kept.length > 0 && keptFrom + (kept[0] as Float32Array).length <= until) {
      const first = kept.shift() as Float32Array;
      keptFrom += first.length;
    }
  };

  const cut = (to: number): SpeechSegment => {
    const from = Math.max(keptFrom, onset - pad);
    const segment = { samples: slice(from, to), startMs: (from / RATE) * 1000, endMs: (to / RATE) * 1000 };
    dropBefore(to);
    onset = -1;
    offset = -1;
    return segment;
  };

  const drain = (out: SpeechSegment[], final: boolean): void => {
    while (!vad.isEmpty()) {
      const seg = vad.front(false);
      if (onset < 0) onset = seg.start;
      offset = Math.max(offset, seg.start + seg.samples.length);
      heard = true;
      vad.pop();
      // The detector hands a segment over only after a pause: a place to cut, if the segment is long enough.
      if (!final && offset - onset >= minSegment) out.push(cut(Math.min(received, offset + pad)));
    }
  };

  return {
    get heardSpeech() {
      return heard;
    },
    get busyMs() {
      return busyMs;
    },
    push(samples) {
      if (samples.length === 0) return [];
      kept.push(samples.slice());
      received += samples.length;
      const t0 = performance.now();
      const input = new Float32Array(carry.length + samples.length);
      input.set(carry);
      input.set(samples, carry.length);
      const out: SpeechSegment[] = [];
      let at = 0;
      for (; at + windowSize <= input.length; at += windowSize) {
        vad.acceptWaveform(input.subarray(at, at + windowSize));
        drain(out, false);
      }
      carry = input.slice(at);
      busyMs += performance.now() - t0;
      // Nothing is being said: keep only the look-back, so a long silence holds no memory.
      if (onset < 0 && !vad.isDetected()) dropBefore(received - lookback);
      return out;
    },
    end() {
      const t0 = performance.now();
      if (carry.length > 0) vad.acceptWaveform(carry);
      carry = new Float32Array(0);
      vad.flush();
      const out: SpeechSegment[] = [];
      drain(out, true);
      if (onset >= 0) out.push(cut(Math.min(received, offset + pad)));
      vad.reset();
      kept = [];
      busyMs += performance.now() - t0;
      return out;
    },
  };
}

/**
 * The whole recording as one segment at the end, its silence trimmed by `trim` (which throws
 * NO_SPEECH when nothing was said): recognition starts only after the talk key comes up. The
 * benchmark's baseline, to show what recognising during speech saves.
 */
export function createTrimmedRecordingSegmenter(detector: {
  trim(audio: { samples: Float32Array; sampleRate: number }): { audio: { samples: Float32Array }; leadingMs: number };
}): SpeechSegmenter {
  const whole = createWholeRecordingSegmenter();
  let busyMs = 0;
  return {
    heardSpeech: true,
    get busyMs() {
      return busyMs;
    },
    push: (samples) => whole.push(samples),
    end() {
      const [segment] = whole.end();
      if (!segment) return [];
      const t0 = performance.now();
      const trimmed = detector.trim({ samples: segment.samples, sampleRate: RATE });
      busyMs += performance.now() - t0;
      const startMs = trimmed.leadingMs;
      return [{ samples: trimmed.audio.samples, startMs, endMs: startMs + (trimmed.audio.samples.length / RATE) * 1000 }];
    },
  };
}

/**
 * Without a voice-activity model: the whole recording is one segment, handed over at the end
 * (nothing can be recognised early, and silence is not trimmed).
 */
export function createWholeRecordingSegmenter(): SpeechSegmenter {
  let blocks: Float32Array[] = [];
  let length = 0;
  return {
    heardSpeech: false,
    busyMs: 0,
    push(samples) {
      blocks.push(samples.slice());
      length += samples.length;
      return [];
    },
    end() {
      if (length === 0) return [];
      const samples = new Float32Array(length);
      let at = 0;
      for (const b of blocks) {
        samples.set(b, at);
        at += b.length;
      }
      blocks = [];
      length = 0;
      return [{ samples, startMs: 0, endMs: (samples.length / RATE) * 1000 }];
    },
  };
}
