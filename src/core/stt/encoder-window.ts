/**
 * How much of whisper's 30-second window the encoder reads.
 *
 * whisper's encoder always takes 1500 positions (30 s at 20 ms each), so a 3-second turn pays for
 * 27 seconds of padding silence. whisper.cpp's `audio_ctx` lets it read only the first N positions.
 * Measured here (Whisper base, 2 threads, language given): a 3 s clip went from about 3.1 s to 0.6 s
 * and jfk.wav (11 s) from 3.2 s to 1.2 s. Mean word error rate on 11 English clips went from 0.041
 * to 0.031; on 5 real Russian clips the transcripts were the same except one, where the fitted window
 * also caught a last phrase the full window had dropped (`npm run eval:stt`; figures in the README).
 *
 * The model never saw a shortened window in training, and it is known to loop or run on when the
 * window is cut too close to the speech, so the window keeps a margin after the audio, and a
 * transcript that looks like a loop is redone with the full window (see `looksRunaway`).
 */

/** Encoder positions per second of audio (20 ms each). */
const POSITIONS_PER_SECOND = 50;
/** Room after the speech: the decoder needs to see the end of the talk to stop there. */
const MARGIN_POSITIONS = 64;
/** whisper.cpp pads the cross-attention to 256; multiples of 64 keep the graphs few and reusable. */
const STEP = 64;
/**
 * Never less than 7.7 s. Below that the decoder grows unsure on a very short clip: "Good morning"
 * (1.1 s) took 2.8 s at 256 positions, where whisper.cpp fell back to re-decoding at higher
 * temperatures, 4.3 s at 128 (with "Good Morning"), and 0.6 s at 320 or 384.
 */
const MIN_POSITIONS = 384;

/**
 * audio_ctx for a clip of `seconds`: 0 (the model's full window) when the clip would fill it
 * anyway, otherwise the speech plus a margin, rounded up.
 */
export function encoderPositionsFor(seconds: number, modelPositions: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0 || modelPositions <= 0) return 0;
  const wanted = Math.ceil((seconds * POSITIONS_PER_SECOND + MARGIN_POSITIONS) / STEP) * STEP;
  const positions = Math.max(MIN_POSITIONS, wanted);
  return positions >= modelPositions ? 0 : positions;
}

/** People say at most about 4 words a second, 7 for a fast talker; more than that is the model running on. */
const MAX_WORDS_PER_SECOND = 7;
/** The same word group said this many times in a row is a decoding loop, not speech. */
const LOOP_REPEATS = 4;

/**
 * A transcript that a shortened window may have spoiled: far more words than the clip can hold,
 * or one to four words repeated over and over. Such a clip is transcribed again with the full
 * window, which costs one more pass only when it happens.
 */
export function looksRunaway(text: string, seconds: number): boolean {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean);
  if (words.length > 8 && words.length > Math.max(1, seconds) * MAX_WORDS_PER_SECOND) return true;
  for (let size = 1; size <= 4; size++) {
    for (let start = 0; start + size * LOOP_REPEATS <= words.length; start++) {
      const group = words.slice(start, start + size).join(' ');
      let repeats = 1;
      while (repeats < LOOP_REPEATS && words.slice(start + repeats * size, start + (repeats + 1) * size).join(' ') === group) repeats++;
      if (repeats >= LOOP_REPEATS) return true;
    }
  }
  return false;
}
