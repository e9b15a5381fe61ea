import { analyzeProsody, type ProsodyFeatures } from '../audio/prosody.js';
import { withTranscriptRate } from '../audio/syllables.js';
import { estimateVoiceMood, VoiceBaseline } from '../audio/voice-mood.js';
import { fuseMood } from '../emotion/fusion.js';
import { classifyTextEmotion } from '../emotion/text-emotion.js';
import { buildSystemPrompt, replyStyle } from '../llm/prompts.js';
import { crisisResponse, detectCrisis } from '../safety/index.js';
import type { TurnCompanion } from './turn.js';

/**
 * The companion's real pieces wired together for the turn: prosody against the person's own
 * voice baseline, text emotion, fusion, crisis detection and the tone/mood-aware prompt.
 */
export function createCompanion() {
  return {
    restoreBaseline(json: unknown): VoiceBaseline {
      return VoiceBaseline.fromJSON(json);
    },

    forTurn(baseline: VoiceBaseline): TurnCompanion {
      return {
        analyzeVoice: (audio) => analyzeProsody(audio),
        mood(text, language, analysis) {
          const textEmotion = classifyTextEmotion(text, language);
          const measured = analysis as ProsodyFeatures | undefined;
          if (!measured) return fuseMood(textEmotion, undefined, language);
          // Syllables counted from the transcript: peak counting alone misses many in Russian speech.
          // Used on every turn, so the baseline always compares like with like.
          const features = withTranscriptRate(measured, text);
          const voice = estimateVoiceMood(features, baseline);
          // Learn this person's usual voice only after judging the turn against what was known before it.
          baseline.update(features);
          return fuseMood(textEmotion, voice, language);
        },
        crisis(text, language) {
          const hit = detectCrisis(text, language);
          return hit ? crisisResponse(hit.category, language) : null;
        },
        systemPrompt: (o) => buildSystemPrompt(o),
        style: (tone, mood) => replyStyle(tone, mood),
      };
    },
  };
}
