import type { EmotionLabel, Language, Mood, Tone } from '../../shared/domain.js';
import { NAME_FACT } from '../memory/facts.js';

/**
 * The words the chat model is given, in two parts (see llm/chat-window.ts for why):
 * - the system prompt — persona, tone, memory — the same for the whole conversation, so the model's
 *   cache keeps it read;
 * - the turn note — this turn's mood, the voice, the reply language — placed right before the new
 *   words, where it changes every turn without disturbing anything read before it.
 * Written natively for RU and EN (not translated line by line) and kept short: small local models
 * follow short, concrete instructions better than long ones.
 */

export interface PromptMemory {
  facts: string[];
  summaries: string[];
  conversationSummary?: string;
}

export interface PromptOptions {
  /** The conversation's language (of its first turn): the system prompt is written in it. */
  language: Language;
  tone: Tone;
  memory?: PromptMemory;
}

export interface TurnNoteOptions {
  /** The language of this turn's words, which the reply must use. */
  language: Language;
  mood?: Mood;
  tone?: Tone;
  recall?: TurnRecall;
  /** A line of what the app worked out for this turn (a sum's result, conversation/sums.ts), put before the language line. */
  workedOut?: string;
}

const PERSONA: Record<Language, string> = {
  en:
    'You are Lumio, a companion the person talks to by voice. You are an AI, not a person, not a therapist and not a doctor. ' +
    'If asked what you are, say so honestly: an AI companion that runs entirely on this computer, offline, and keeps what they tell you only here. ' +
    'Never diagnose or give medical advice.\n' +
    'In every reply: answer what they just said, in your own words. When they share a feeling (lonely, scared, angry, happy), name it. ' +
    'Use what they told you: their name, the people, places and plans they mentioned. You remember everything said in this conversation: when they ask what they told you, answer it. ' +
    'Never ask a question you have already asked. ' +
    'Your words are spoken aloud: plain sentences only, no markdown, no lists, no emoji, no actions in asterisks or brackets.',
  ru:
    'Ты Lumio, собеседник, с которым человек говорит голосом. Ты ИИ, а не человек, не психотерапевт и не врач. ' +
    'Если спросят, кто ты, ответь честно: ИИ-собеседник, который работает целиком на этом компьютере, без интернета, и хранит сказанное только здесь. ' +
    'Не ставь диагнозов и не давай медицинских советов.\n' +
    'В каждом ответе: откликнись на то, что человек сейчас сказал, своими словами. Если он делится чувством (одиноко, страшно, злость, радость), назови его. ' +
    'Помни, что он рассказал: имя, людей, места, планы, и говори об этом. Ты помнишь всё, что было сказано в этом разговоре: если человек спрашивает, что он рассказывал, ответь. ' +
    'Не задавай вопрос, который уже задавал. ' +
    'Ответ звучит вслух: только простые фразы, без markdown, списков, эмодзи и действий в звёздочках или скобках. ' +
    'Обращайся на «ты», если человек сам не перешёл на «вы».',
};

const TONES: Record<Language, Record<Tone, string>> = {
  en: {
    friendly:
      'Tone: friendly. Talk like a good friend: relaxed, warm, curious, a little playful when it fits. ' +
      'Two or three short sentences, and at most one question.',
    supportive:
      'Tone: supportive. Be gentle and patient, and listen more than you talk. Reflect what they feel and why, then ask one soft, open question or simply stay with them. ' +
      'No advice, tips or suggestions, and never tell them what to do, unless they ask for advice. ' +
      'No stock phrases such as "it\'s okay to feel" or "remember that". Two or three short sentences.',
    neutral:
      'Tone: neutral. Calm, plain and brief: one or two short sentences, under twenty-five words. ' +
      'No exclamations, no compliments, no emotional flourishes. Ask a question only if you need it to understand.',
  },
  ru: {
    friendly:
      'Тон: дружеский. Говори как хороший друг: легко, тепло, с интересом, можно с мягким юмором, если он к месту. ' +
      'Две-три короткие фразы и не больше одного вопроса.',
    supportive:
      'Тон: поддерживающий. Будь бережным и терпеливым, больше слушай, чем говори. Отрази, что человек чувствует и почему, потом задай один мягкий открытый вопрос или просто побудь рядом. ' +
      'Никаких советов, рекомендаций и указаний, что делать, пока человек сам не попросит совета. ' +
      'Без дежурных фраз вроде «это нормально чувствовать» или «помни, что». Две-три короткие фразы.',
    neutral:
      'Тон: нейтральный. Спокойно, просто и коротко: одна-две короткие фразы, не больше пятнадцати слов. ' +
      'Без восклицаний, комплиментов и эмоциональных украшений. Вопрос задавай, только если без него не понять.',
  },
};

/**
 * How the note says what the person seems to feel: as a plain sentence about them. A label with a
 * number ("грусть (уверенность 0.60)") came back in Russian replies as "Ты тревога или напряжение
 * (уверенность 0.34)." on the real 1.5B model (eval/replies-*.md, team set).
 */
const MOOD_SEEN: Record<Language, Record<Exclude<EmotionLabel, 'neutral'>, string>> = {
  en: {
    anger: 'They seem angry or frustrated.',
    disgust: 'Something seems to bother them.',
    fear: 'They seem worried or tense.',
    joy: 'They seem happy.',
    sadness: 'They seem sad.',
    surprise: 'They seem surprised.',
  },
  ru: {
    anger: 'Похоже, человек злится или раздражён.',
    disgust: 'Похоже, человеку что-то неприятно.',
    fear: 'Похоже, человеку тревожно.',
    joy: 'Похоже, человек рад.',
    sadness: 'Похоже, человеку грустно.',
    surprise: 'Похоже, человек удивлён.',
  },
};

const MOOD_GUIDANCE: Record<Language, Record<EmotionLabel, string>> = {
  en: {
    sadness: 'Be softer, slower and shorter than usual. Acknowledge the feeling first; do not try to cheer them up or fix it.',
    joy: 'Share the warmth back and enjoy it with them; you may ask what made it good.',
    anger: 'Stay calm and steady. Do not argue, lecture or take sides; acknowledge what is frustrating.',
    fear: 'Be steady and reassuring, short and concrete, one thing at a time.',
    disgust: 'Acknowledge what bothered them without judging anyone.',
    surprise: 'Be curious together with them.',
    neutral: 'Just talk naturally.',
  },
  ru: {
    sadness: 'Отвечай мягче, медленнее и короче обычного. Сначала признай чувство; не пытайся развеселить или всё исправить.',
    joy: 'Порадуйся вместе с человеком, верни ему тепло; можно спросить, что было самым приятным.',
    anger: 'Оставайся спокойным. Не спорь, не поучай и не принимай ничью сторону; признай, что именно злит.',
    fear: 'Будь спокойной опорой: коротко, конкретно, по одному шагу.',
    disgust: 'Признай, что человеку было неприятно, никого не осуждая.',
    surprise: 'Удивись и поинтересуйся вместе с ним.',
    neutral: 'Просто разговаривай естественно.',
  },
};

function moodLine(mood: Mood, language: Language): string {
  // A calm turn needs no word about it: "спокойствие, без сильных чувств. Просто разговаривай
  // естественно." came back as the reply itself ("Ты спокойный. Просто разговаривай естественно.").
  if (mood.label === 'neutral') return '';
  // The prosody summary comes in English from the voice analyser; Russian prompts describe the voice in Russian.
  const ruVoice = (a: number): string => (a <= -0.4 ? 'тихий и неторопливый' : a >= 0.4 ? 'оживлённый, быстрый' : 'ровный');
  const voice = mood.voice ? (language === 'ru' ? ` Голос: ${ruVoice(mood.voice.arousal)}.` : ` Voice: ${mood.voice.summary}.`) : '';
  const unsure =
    mood.confidence < 0.4
      ? language === 'ru'
        ? ' Это лишь догадка: не называй чувство вслух, просто будь внимательнее.'
        : ' This is only a guess: do not name the feeling, just be attentive.'
      : '';
  return `${MOOD_SEEN[language][mood.label]}${voice} ${MOOD_GUIDANCE[language][mood.label]}${unsure}`;
}

/** Longest memory we put in the prompt, in characters: small models cannot afford more. */
const MEMORY_BUDGET = 700;

function memorySection(memory: PromptMemory, language: Language): string {
  const parts: string[] = [];
  const facts = memory.facts.slice(-10);
  if (facts.length) parts.push((language === 'ru' ? 'Что ты знаешь о человеке: ' : 'What you know about the person: ') + facts.join('; ') + '.');
  const summaries = memory.summaries.slice(0, 3);
  if (summaries.length) parts.push((language === 'ru' ? 'Прошлые разговоры: ' : 'Earlier conversations: ') + summaries.join(' | '));
  if (memory.conversationSummary) parts.push((language === 'ru' ? 'Раньше в этом разговоре: ' : 'Earlier in this conversation: ') + memory.conversationSummary);
  if (!parts.length) return '';
  let text = parts.join('\n');
  if (text.length > MEMORY_BUDGET) text = `${text.slice(0, MEMORY_BUDGET - 1)}…`;
  const use =
    language === 'ru'
      ? 'Упоминай это, только если к месту (например: «в прошлый раз ты говорил про экзамен…»).'
      : 'Bring it up only when it fits naturally (e.g. "last time you mentioned your exam…").';
  return `${text}\n${use}`;
}

export function buildSystemPrompt(o: PromptOptions): string {
  // Most important first: a tiny context trims the prompt's tail, so memory (nice to have) goes last.
  const sections = [PERSONA[o.language], TONES[o.language][o.tone]];
  if (o.memory) {
    const mem = memorySection(o.memory, o.language);
    if (mem) sections.push(mem);
  }
  return sections.join('\n\n');
}

const REPLY_IN: Record<Language, string> = { en: 'Reply in English.', ru: 'Отвечай по-русски.' };

/** What the conversation so far keeps in view this turn (conversation/recall.ts). */
export interface TurnRecall {
  /** Facts the person told in this conversation ("Name: Anna", "Sister: Kate"). */
  told: string[];
  /** Questions Lumio already asked in it. */
  asked: string[];
  /** The person asks for advice now. */
  wantsAdvice: boolean;
  /** Their own earlier words, when this turn asks back something they told (conversation/recall.ts). */
  toldBefore?: string;
}

/** What the turns before this one keep in view: the person's name, what they told, what Lumio asked. */
function keptInViewLines(r: Pick<TurnRecall, 'told' | 'asked'>, language: Language): string[] {
  const lines: string[] = [];
  const en = language === 'en';
  const namePrefix = NAME_FACT[language];
  const name = r.told.find((f) => f.startsWith(namePrefix))?.slice(namePrefix.length);
  // Facts are stored as "Sister: Kate"; said that way in the note, the model starts its reply with
  // "Дима: …" or describes "the person" in the third person. So: plain words, and the name apart.
  const others = r.told.filter((f) => !f.startsWith(namePrefix)).map((f) => f.replace(/^([\p{L} ]+): /u, (_, kind: string) => `${kind.toLowerCase()} `));
  if (name) lines.push(en ? `Their name is ${name}; say it now and then.` : `Собеседника зовут ${name}; иногда обращайся по имени.`);
  if (others.length) lines.push((en ? 'Keep in mind what they told you: ' : 'Помни, что тебе рассказали: ') + others.join('; ') + '.');
  if (r.asked.length) {
    const quoted = r.asked.map((q) => (en ? `"${q}"` : `«${q}»`)).join(' ');
    lines.push(en ? `You already asked: ${quoted} Do not ask these again.` : `Ты уже спрашивал: ${quoted} Не повторяй эти вопросы.`);
  }
  return lines;
}

function adviceLine(wantsAdvice: boolean, language: Language, tone: Tone | undefined): string {
  const en = language === 'en';
  if (wantsAdvice) return en ? 'They ask for advice: give one or two concrete, simple ideas.' : 'Человек просит совета: дай одну-две конкретные простые идеи.';
  if (tone === 'supportive') return en ? 'They did not ask for advice: give none.' : 'Совета не просили: не советуй.';
  return '';
}

/**
 * The person's earlier words that this turn asks back about, quoted last in the note, next to the
 * question: the model answers from them where it answered "I don't have that information" with the
 * same words far up in its window.
 */
function toldBeforeLine(words: string | undefined, language: Language): string {
  if (!words) return '';
  return language === 'ru'
    ? `Человек спрашивает о том, что уже рассказывал, и ты это помнишь: он говорил «${words}». Ответь по этим словам.`
    : `They ask about something they told you, and you remember it: they said "${words}". Answer from these words.`;
}

/**
 * The start of the turn note that the turns before it decide (name, facts told, questions asked):
 * known while the person is still speaking, so the chat model reads it then (llm prefill), and at
 * the release only the mood, the words and the rest are left to read. `buildTurnNote` always
 * starts with it.
 */
export function buildNoteHead(o: { language: Language; recall?: Pick<TurnRecall, 'told' | 'asked'> }): string {
  return o.recall ? keptInViewLines(o.recall, o.language).join(' ') : '';
}

/**
 * The note before this turn's words: what the conversation keeps in view (facts told, questions
 * asked; see buildNoteHead), the mood and how to meet it, a request for advice, the earlier words
 * a question asks back about, and the language to answer in.
 */
export function buildTurnNote(o: TurnNoteOptions): string {
  const head = buildNoteHead(o);
  const tail = [
    o.mood ? moodLine(o.mood, o.language) : '',
    o.recall ? adviceLine(o.recall.wantsAdvice, o.language, o.tone) : '',
    toldBeforeLine(o.recall?.toldBefore, o.language),
    o.workedOut ?? '',
    REPLY_IN[o.language],
  ]
    .filter(Boolean)
    .join(' ');
  return head ? `${head} ${tail}` : tail;
}

/** A few lines about turns that left the model's view, carried in the note of the turn that let them go. */
export function foldLine(summary: string, language: Language): string {
  if (!summary) return '';
  return language === 'ru' ? `Раньше в этом разговоре (уже вне поля зрения): ${summary}` : `Earlier in this conversation (no longer in view): ${summary}`;
}

/**
 * TTS pace and reply length for a tone and mood: supportive and sad turns are spoken slower and kept shorter,
 * joy a touch quicker; neutral is the shortest. Speed 1 = the voice's normal pace.
 */
export function replyStyle(tone: Tone, mood?: Mood): { speed: number; maxTokens: number } {
  const base: Record<Tone, { speed: number; maxTokens: number }> = {
    friendly: { speed: 1.05, maxTokens: 120 },
    supportive: { speed: 0.92, maxTokens: 110 },
    neutral: { speed: 1.0, maxTokens: 80 },
  };
  let { speed, maxTokens } = base[tone];
  if (mood && mood.confidence >= 0.3) {
    switch (mood.label) {
      case 'sadness':
        speed -= 0.08;
        maxTokens *= 0.75;
        break;
      case 'fear':
        speed -= 0.05;
        maxTokens *= 0.8;
        break;
      case 'anger':
        speed -= 0.03;
        maxTokens *= 0.85;
        break;
      case 'joy':
        speed += 0.04;
        break;
      default:
        break;
    }
    if (mood.arousal < -0.3) speed -= 0.03;
  }
  return { speed: Math.round(Math.max(0.8, Math.min(1.15, speed)) * 100) / 100, maxTokens: Math.round(maxTokens) };
}
