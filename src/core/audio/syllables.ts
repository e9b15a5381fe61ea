import type { ProsodyFeatures } from './prosody.js';

/**
 * Speaking rate from the transcript: syllables counted in the words, divided by the speaking time
 * measured in the audio. Once STT has run this is the better rate: counting intensity peaks
 * (prosody.ts) merges syllables joined by sonorants (л, м, н, р — Russian is full of them) and so
 * under-reads fast speech, while every written vowel is one syllable nucleus.
 */

/** Russian: one syllable per vowel letter. English: per vowel group, minus a silent "e" (a rough rule). */
export function countTextSyllables(text: string): number {
  let count = 0;
  for (const word of text.toLowerCase().match(/[\p{L}']+/gu) ?? []) {
    const cyrillic = word.match(/[аеёиоуыэюя]/g)?.length ?? 0;
    if (cyrillic > 0 || /[а-яё]/.test(word)) {
      count += cyrillic;
      continue;
    }
    const groups = word.match(/[aeiouy]+/g)?.length ?? 0;
    if (groups === 0) continue;
    // Silent e: "make", "lovely", "walked" (but "the", "table", "wanted" keep their syllable).
    const silentE = groups > 1 && ((/[^aeiouy]e$/.test(word) && !/[^aeiouy]le$/.test(word)) || /[^aeiouy]ely$/.test(word) || /[^aeiouytd]ed$/.test(word));
    count += Math.max(1, groups - (silentE ? 1 : 0));
  }
  return count;
}

/** Syllables per second of speaking time (pauses excluded); null with under 0.3 s of speaking. */
export function transcriptSpeechRate(features: ProsodyFeatures, transcript: string): number | null {
  if (features.speakingMs < 300) return null;
  const syllables = countTextSyllables(transcript);
  return syllables === 0 ? null : syllables / (features.speakingMs / 1000);
}

/**
 * The features with speechRate taken from the transcript where it can be. Use it for every turn
 * (baseline updates and estimates alike) once STT has run, so the baseline compares like with like.
 */
export function withTranscriptRate(features: ProsodyFeatures, transcript: string): ProsodyFeatures {
  const rate = transcriptSpeechRate(features, transcript);
  return rate === null ? features : { ...features, speechRate: rate };
}
