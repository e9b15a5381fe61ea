import { MoodSchema, type StoredTurn, TimingsSchema } from '../../shared/domain.js';

/** How a turn is stored, and how a row becomes a StoredTurn again. */
export interface TurnRow {
  id: string;
  conversation_id: string;
  created_at: string;
  user_text: string;
  reply_text: string;
  language: string;
  tone: string;
  voice: string;
  mood: string | null;
  timings: string;
  interrupted: number;
  crisis: number;
}
export const TURN_COLUMNS = 'id, conversation_id, created_at, user_text, reply_text, language, tone, voice, mood, timings, interrupted, crisis';

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function toTurn(r: TurnRow): StoredTurn {
  // One odd row (hand-edited, older format) must not break the whole history view.
  const mood = MoodSchema.safeParse(parseJson(r.mood));
  const timings = TimingsSchema.safeParse(parseJson(r.timings));
  return {
    id: r.id,
    conversationId: r.conversation_id,
    createdAt: r.created_at,
    userText: r.user_text,
    replyText: r.reply_text,
    language: r.language as StoredTurn['language'],
    tone: r.tone as StoredTurn['tone'],
    voice: r.voice as StoredTurn['voice'],
    mood: mood.success ? mood.data : null,
    timings: timings.success ? timings.data : {},
    interrupted: r.interrupted === 1,
    crisis: r.crisis === 1,
  };
}
