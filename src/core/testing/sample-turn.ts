import type { NewTurn } from '../store/history.js';

/**
 * One saved turn with ordinary values, for the tests, specs and tools that need some history to
 * exist (not a test itself). Only what a caller cares about is passed; `extra` overrides the rest.
 */
export function sampleTurn(conversationId: string, userText: string, replyText = 'I hear you.', extra: Partial<NewTurn> = {}): NewTurn {
  return {
    conversationId,
    userText,
    replyText,
    language: 'en',
    tone: 'friendly',
    voice: 'female',
    mood: null,
    timings: { sttMs: 120, llmMs: 800 },
    interrupted: false,
    crisis: false,
    ...extra,
  };
}
