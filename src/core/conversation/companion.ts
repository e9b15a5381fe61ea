import { analyzeProsody } from '../audio/prosody.js';
import { withTranscriptRate } from '../audio/syllables.js';
import { estimateVoiceMood, VoiceBaseline } from '../audio/voice-mood.js';
import { fuseMood, type VoiceMoodWithConfidence } from '../emotion/fusion.js';
import { classifyTextEmotion, refineWithLlm, type TextEmotion } from '../emotion/text-emotion.js';
import type { Language, Mood } from '../../shared/domain.js';
import { buildNoteHead, buildSystemPrompt, buildTurnNote, foldLine, replyStyle } from '../llm/prompts.js';
import { summarizeConversation } from '../memory/facts.js';
import { nameToSay, recall, recallAnswer, type Recall } from './recall.js';
import { askedSum, sumAnswer, sumNoteLine } from './sums.js';
import { assessCrisis, crisisResponse, crisisSecondOpinion } from '../safety/index.js';
import type { TurnCompanion } from './turn.js';

/** The recall without the earlier words a question asks back about: a sum asked outright is the turn's question instead. */
const withoutToldBefore = ({ toldBefore: _, ...rest }: Recall): Recall => rest;

/** Constrained JSON generation by the loaded chat model (LlamaChatModel.completeJson). */
export type AskJson = (prompt: string, schema: object, options: { maxTokens: number; signal: AbortSignal }) => Promise<unknown>;

/**
 * When the chat model is asked for a second opinion: the fast classifier found no emotion words
 * (neutral) or was unsure between labels. Indirect phrasings ("I don't see the point any more")
 * are where a lexicon is weakest and a language model reads context.
 */
export const REFINE_BELOW_CONFIDENCE = 0.5;
/** How long the second opinion may take; past it the fast answer stands. */
export const REFINE_BUDGET_MS = 4000;
/**
 * How long the crisis second opinion may hold the reply (it is asked before the model writes, on
 * the few turns the detector is unsure of); past it the fast answer (no crisis) stands.
 */
export const CRISIS_OPINION_BUDGET_MS = 2500;

export function worthAsking(fast: TextEmotion): boolean {
  return fast.label === 'neutral' || fast.confidence < REFINE_BELOW_CONFIDENCE;
}

/** The companion for one turn, and the second opinion on its mood that may follow the reply. */
export interface CompanionForTurn extends TurnCompanion {
  /**
   * The chat model's second opinion on the mood, asked after the reply (never before the first
   * audio), as cancellable post-reply work. null: no change.
   */
  refineMood?(text: string, language: Language, mood: Mood, signal?: AbortSignal): Promise<Mood | null>;
}

/**
 * The companion's real pieces wired together for the turn: prosody against the person's own
 * voice baseline, text emotion (refined by the chat model when it is unsure), fusion, crisis
 * detection and the tone/mood-aware prompt and turn note.
 */
export function createCompanion() {
  return {
    restoreBaseline(json: unknown): VoiceBaseline {
      return VoiceBaseline.fromJSON(json);
    },

    /**
     * @param askJson the chat model's closed-answer call, for a model trusted with the mood (moodJudge)
     * @param crisisJudge the same call, for a model trusted with crisis second opinions (crisisJudge)
     */
    forTurn(baseline: VoiceBaseline, askJson?: AskJson, crisisJudge?: AskJson): CompanionForTurn {
      // What mood() measured, kept for the second opinion: the baseline has learnt from this turn since.
      let fast: TextEmotion | undefined;
      let voice: VoiceMoodWithConfidence | undefined;
      const companion: CompanionForTurn = {
        analyzeVoice: (audio) => analyzeProsody(audio),
        mood(text, language, measured) {
          const textEmotion = classifyTextEmotion(text, language);
          fast = textEmotion;
          voice = undefined;
          if (!measured) return fuseMood(textEmotion, undefined, language);
          // Syllables counted from the transcript: peak counting alone misses many in Russian speech.
          // Used on every turn, so the baseline always compares like with like.
          const features = withTranscriptRate(measured, text);
          voice = estimateVoiceMood(features, baseline);
          // Learn this person's usual voice only after judging the turn against what was known before it.
          baseline.update(features);
          return fuseMood(textEmotion, voice, language);
        },
        crisis(text, language, signal) {
          const fast = assessCrisis(text, language);
          if (fast.category) return crisisResponse(fast.category, language);
          if (!fast.unsure || !crisisJudge) return null;
          // Unsure, and a trusted judge is loaded: its answer can only add a crisis, never remove one.
          const budget = AbortSignal.timeout(CRISIS_OPINION_BUDGET_MS);
          const combined = signal ? AbortSignal.any([signal, budget]) : budget;
          return crisisSecondOpinion(text, language, (prompt, schema, o) => crisisJudge(prompt, schema, o), combined).then(
            (category) => (category ? crisisResponse(category, language) : null),
            () => null,
          );
        },
        systemPrompt: (o) => buildSystemPrompt(o),
        turnNote: ({ language, mood, tone, history, user }) => {
          // A sum asked for outright wins over a question asked back: in "how much do i owe if its 250
          // plus 180" the earlier turn a number was in is not the answer.
          const sum = user ? askedSum(user, language) : undefined;
          const recalled = history ? recall(history, user ?? '', language) : undefined;
          const kept = sum && recalled ? withoutToldBefore(recalled) : recalled;
          const answer = sum ? sumAnswer(sum, language) : kept?.toldBefore && user ? recallAnswer(kept.toldBefore, user, language) : undefined;
          const name = history ? nameToSay(history, user ?? '', language) : undefined;
          return {
            head: buildNoteHead({ language, ...(kept ? { recall: kept } : {}) }),
            note: buildTurnNote({
              language,
              ...(mood ? { mood } : {}),
              ...(tone ? { tone } : {}),
              ...(kept ? { recall: kept } : {}),
              ...(sum ? { workedOut: sumNoteLine(sum, language) } : {}),
            }),
            ...(answer ? { recallAnswer: answer } : {}),
            ...(name ? { addressAs: name } : {}),
          };
        },
        noteHead: ({ language, history }) => buildNoteHead({ language, recall: recall(history, '', language) }),
        foldNote: (dropped, language) =>
          foldLine(
            summarizeConversation(
              dropped.map((t) => ({ userText: t.user, replyText: t.reply })),
              language,
            ),
            language,
          ),
        style: (tone, mood) => replyStyle(tone, mood),
      };
      if (askJson) {
        companion.refineMood = async (text, language, mood: Mood, signal) => {
          if (!fast || !worthAsking(fast)) return null;
          const budget = AbortSignal.timeout(REFINE_BUDGET_MS);
          const combined = signal ? AbortSignal.any([signal, budget]) : budget;
          const ask = (prompt: string, schema: object) => askJson(prompt, schema, { maxTokens: 48, signal: combined });
          const refined = await refineWithLlm(text, language, fast, ask, combined);
          // refineWithLlm hands back the fast result itself when the model failed or answered nonsense.
          if (refined === fast) return null;
          const fused = fuseMood(refined, voice, language);
          if (fused.label === mood.label) return null;
          return { ...fused, sources: [...fused.sources, 'llm'] };
        };
      }
      return companion;
    },
  };
}
