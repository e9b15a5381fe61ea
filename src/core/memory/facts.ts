import type { Language } from '../../shared/domain.js';
import { classifyTextEmotion } from '../emotion/text-emotion.js';
import { compileLetterPattern } from '../text/letters.js';
import nameCues from './name-cues.json' with { type: 'json' };

/**
 * Facts worth remembering from what the person says about themselves, by patterns (no model needed):
 * name, people, pets, work/study, where they live, age, upcoming events, likes and dislikes.
 * Facts are short third-person lines in the person's language ("Name: Anna", "Имя: Анна"), because they are
 * shown to the person on the memory screen and put into the next conversation's prompt.
 */

/** Stop at the end of the clause, and never keep more than a few words: a fact is a note, not a transcript. */
function clip(s: string, maxWords = 6): string {
  const clause = s.split(/[.,;!?()\n]| and | but | because | so | и | но | потому | а /i)[0] ?? '';
  return clause
    .trim()
    .split(/\s+/)
    .slice(0, maxWords)
    .join(' ')
    .replace(/[«»"“”]/g, '')
    .trim();
}
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Every pattern below is compiled once, here at load, never per call. Those that need letters are
 * written with \p{L} and compiled by compileLetterPattern, which spells the letter classes out: a real
 * \p{L} costs V8 tens of milliseconds to build on the first Russian turn (text/letters.ts).
 */
const pattern = compileLetterPattern;

/** A capitalised name, hyphens allowed ("Анна-Мария"). */
const U = '\\p{Lu}[\\p{L}-]+';
const WHEN_EN =
  '(?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|tomorrow|today|tonight|this (?:week|weekend|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|next (?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|in (?:a|two|three|\\d+) (?:days?|weeks?|months?)|soon)';
const EVENTS_EN =
  "(?:exam|test|interview|job interview|appointment|doctor's appointment|surgery|operation|wedding|birthday|party|trip|flight|date|presentation|deadline|concert|match|game|meeting|move)";
const WHEN_RU =
  '(?:в (?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)|завтра|сегодня|послезавтра|на (?:этой|следующей) неделе|в (?:этом|следующем) месяце|через (?:\\p{L}+ )?(?:дн\\p{L}*|недел\\p{L}*|месяц\\p{L}*)|скоро)';
const EVENTS_RU =
  '(?:экзамен|зач[её]т|собеседование|при[её]м у врача|операция|свадьба|день рождения|вечеринка|поездка|перел[её]т|свидание|презентация|дедлайн|концерт|матч|переезд|соревнования|защита диплома|защита|сессия)';
const PETS_EN = '(?:dog|cat|puppy|kitten|parrot|hamster|rabbit|bunny|fish|turtle|horse)';
const PETS_RU: Record<string, string> = {
  собака: 'собака',
  собаку: 'собака',
  пес: 'пёс',
  пёс: 'пёс',
  кот: 'кот',
  кошка: 'кошка',
  кошку: 'кошка',
  котенок: 'котёнок',
  котёнок: 'котёнок',
  попугай: 'попугай',
  хомяк: 'хомяк',
  кролик: 'кролик',
  щенок: 'щенок',
  // As "зовут" takes them: "моего кота зовут…", "нашего щенка зовут…".
  кота: 'кот',
  пса: 'пёс',
  котенка: 'котёнок',
  котёнка: 'котёнок',
  попугая: 'попугай',
  хомяка: 'хомяк',
  кролика: 'кролик',
  щенка: 'щенок',
};
const PEOPLE_EN =
  '(?:wife|husband|partner|boyfriend|girlfriend|son|daughter|mom|mum|mother|dad|father|sister|brother|friend|best friend|grandma|grandmother|grandpa|grandfather|boss|roommate)';
const PEOPLE_RU: Record<string, string> = {
  жена: 'Жена',
  жену: 'Жена',
  муж: 'Муж',
  мужа: 'Муж',
  сын: 'Сын',
  сына: 'Сын',
  дочь: 'Дочь',
  дочку: 'Дочь',
  дочка: 'Дочь',
  мама: 'Мама',
  маму: 'Мама',
  папа: 'Папа',
  папу: 'Папа',
  сестра: 'Сестра',
  сестру: 'Сестра',
  брат: 'Брат',
  брата: 'Брат',
  друг: 'Друг',
  друга: 'Друг',
  подруга: 'Подруга',
  подругу: 'Подруга',
  парень: 'Парень',
  парня: 'Парень',
  девушка: 'Девушка',
  девушку: 'Девушка',
  бабушка: 'Бабушка',
  бабушку: 'Бабушка',
  дедушка: 'Дедушка',
  дедушку: 'Дедушка',
  начальник: 'Начальник',
  начальника: 'Начальник',
};
/** Ages said in words ("thirty four", "тридцать четыре"), as speech recognition writes them. */
const TENS_EN: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const UNITS_EN: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 };
const TENS_RU: Record<string, number> = {
  двадцать: 20,
  тридцать: 30,
  сорок: 40,
  пятьдесят: 50,
  шестьдесят: 60,
  семьдесят: 70,
  восемьдесят: 80,
  девяносто: 90,
};
const UNITS_RU: Record<string, number> = { один: 1, одна: 1, два: 2, две: 2, три: 3, четыре: 4, пять: 5, шесть: 6, семь: 7, восемь: 8, девять: 9 };
const ageFromWords = (tens: string, unit: string | undefined, tensOf: Record<string, number>, unitsOf: Record<string, number>): number =>
  (tensOf[tens.toLowerCase()] ?? 0) + (unit ? (unitsOf[unit.toLowerCase()] ?? 0) : 0);

const NOT_OBJECTS = /^(?:you|it|that|this|them|him|her|тебя|тебе|это|его|её|ее|их|вас)$/i;

const NAMED_AS = "(?:'s name is| is called| is named|,? named|,? called)";
const EN = {
  nameSaid: pattern(`\\b(?:[Mm]y name is|[Mm]y name's|[Cc]all me|I am called|I'm called)\\s+(${U})`, 'u'),
  // "I'm Tom." — a capitalised word that ends the clause is a name ("I'm Tired" is not how people write).
  nameAlone: pattern(`(?:^|[.!?,]\\s*|\\b(?:hi|hello|hey)\\s+)I'm (${U})(?=\\s*(?:[.,!?]|$))`, 'iu'),
  capitalised: pattern('^\\p{Lu}', 'u'),
  // "my dog is called Rex", and as an aside: "my cat, Pepper, sleeps…".
  petNamed: pattern(`\\b[Mm]y (${PETS_EN})(?:${NAMED_AS}|,)\\s+(${U})`, 'gu'),
  anythingNamed: new RegExp(`\\b(?:my|have an?|got an?) \\w+${NAMED_AS}`, 'i'),
  petsHad: pattern(`\\bi (?:have|got) (?:a|an|two|three) (${PETS_EN}s?)\\b`, 'giu'),
  // "my sister, Kate", "my sister is called Kate", and plainly "my boss Linda".
  personNamed: pattern(`\\b[Mm]y (${PEOPLE_EN})(?:'s name is| is called| is named|,? named|,? called|,)?\\s+(${U})`, 'gu'),
  petHadNamed: pattern(`\\bi (?:have|got) (?:a|an) (${PETS_EN})(?:,? (?:named|called))\\s+(${U})`, 'iu'),
  movedTo: /\bi (?:just |recently )?moved to ([^.,;!?]+)/i,
  planning: /\bi(?:'m| am) planning (?:to )?([^.,;!?]+)/i,
  worksAs: /\bi work (as an? [^.,;!?]+|at [^.,;!?]+|in [^.,;!?]+)/i,
  occupation:
    /\bi(?:'m| am) (?:a |an )?(student|teacher|nurse|doctor|developer|programmer|engineer|designer|lawyer|freelancer|manager|artist|musician|writer)\b/i,
  studies: /\bi(?:'m| am)? stud(?:y|ying) ([^.,;!?]+)/i,
  livesIn: /\bi live in ([^.,;!?]+)/i,
  age: /\bi(?:'m| am) (\d{1,2}) (?:years old|y\/o)\b/i,
  // "I'm thirty four, is that too late?": a spoken age ends its clause or says "years old".
  ageInWords: new RegExp(
    `\\bi(?:'m| am) (${Object.keys(TENS_EN).join('|')})(?:[- ](${Object.keys(UNITS_EN).join('|')}))?(?= years old\\b|\\s*(?:[.,!?]|$))`,
    'i',
  ),
  eventHad: pattern(`\\bi(?: have|'ve got| have got)(?: a| an| my)? (${EVENTS_EN})\\b([^.!?]*?)\\b(${WHEN_EN})`, 'iu'),
  eventIs: pattern(`\\bmy (${EVENTS_EN}) is (${WHEN_EN})`, 'iu'),
  likes: /\bi (?:really )?(love|like|enjoy|adore|hate|can't stand) ([^.,;!?]+)/gi,
  dislike: /hate|can't/i,
};
const RU = {
  nameSaid: pattern(`(?:[Мм]еня зовут|[Мм]о[её] имя|[Зз]ови меня)\\s+(${U})`, 'u'),
  // "Привет, я Лена, …" — "я" and a capitalised word that ends the clause.
  nameAlone: pattern(`(?:^|[.!?,]\\s*)[Яя] (${U})(?=\\s*(?:[.,!?]|$))`, 'u'),
  pet: pattern(
    `[Уу] меня (?:есть )?(собака|пёс|пес|кот|кошка|котёнок|котенок|попугай|хомяк|кролик|щенок)(?:,? (?:по кличке|по имени|(?:его|её|ее) зовут|зовут))?\\s*(${U})?`,
    'u',
  ),
  personCalled: pattern(`(?:[Мм]о(?:ю|его|й|я)) (\\p{L}+) зовут (${U})`, 'gu'),
  // "моя подруга Оля", "мой лучший друг Костя", "мама и подруга Оля".
  personBeforeName: pattern(`(?:^|[^\\p{L}])(\\p{L}+),? (${U})`, 'gu'),
  works: /я работаю ([^.,;!?]+)/i,
  studies: /я уч(?:усь|уся) ([^.,;!?]+)/i,
  occupation: pattern('я (студент|студентка|школьник|школьница|учитель|учительница|врач|программист|дизайнер|инженер|медсестра|юрист)(?=[^\\p{L}]|$)', 'iu'),
  livesIn: /я живу в ([^.,;!?]+)/i,
  movedTo: pattern('я (?:\\p{L}+ )?(?:недавно |месяц назад |год назад )?(переехал[аи]?) (в|во|на) ([^.,;!?]+)', 'iu'),
  plans: /я (?:планирую|собираюсь) ([^.,;!?]+)/iu,
  age: pattern('мне (\\d{1,2}) (?:лет|год|года)(?=[^\\p{L}]|$)', 'iu'),
  ageInWords: pattern(
    `(?:^|[^\\p{L}])мне (?:уже )?(${Object.keys(TENS_RU).join('|')})(?: (${Object.keys(UNITS_RU).join('|')}))?(?=(?: (?:лет|год|года))(?:[^\\p{L}]|$)|\\s*(?:[.,!?]|$))`,
    'iu',
  ),
  whenThenEvent: pattern(`у меня (${WHEN_RU}) (?:будет )?(${EVENTS_RU})`, 'iu'),
  eventThenWhen: pattern(`у меня (?:будет )?(${EVENTS_RU})[^.!?]*?(${WHEN_RU})`, 'iu'),
  whenEventAlone: pattern(`(?:^|[^\\p{L}])(${WHEN_RU}) (?:у меня )?(${EVENTS_RU})`, 'iu'),
  likes: /я (?:очень )?(люблю|обожаю|ненавижу|не люблю|терпеть не могу) ([^.,;!?]+)/giu,
  dislike: /ненавиж|не люблю|терпеть/i,
};

type Rule = (text: string, out: string[]) => void;

/** How a fact that is the person's own name starts ("Name: Anna"), for the readers that look for it. */
export const NAME_FACT: Record<Language, string> = { en: 'Name: ', ru: 'Имя: ' };

const EN_RULES: Rule[] = [
  (t, out) => {
    const m = t.match(EN.nameSaid) ?? t.match(EN.nameAlone);
    if (m && EN.capitalised.test(m[1]!)) out.push(`${NAME_FACT.en}${m[1]}`);
  },
  (t, out) => {
    for (const m of t.matchAll(EN.petNamed)) out.push(`Has a ${m[1]!.toLowerCase()} named ${m[2]}`);
    if (!EN.anythingNamed.test(t)) {
      for (const m of t.matchAll(EN.petsHad)) out.push(`Has a ${m[1]!.toLowerCase().replace(/s$/, '')}`);
    }
  },
  (t, out) => {
    for (const m of t.matchAll(EN.personNamed)) out.push(`${cap(m[1]!.toLowerCase())}: ${m[2]}`);
  },
  (t, out) => {
    const m = t.match(EN.petHadNamed);
    if (m) out.push(`Has a ${m[1]!.toLowerCase()} named ${m[2]}`);
  },
  (t, out) => {
    const m = t.match(EN.movedTo);
    // "moved to Leeds for a new job": where to, not why.
    if (m) out.push(`Moved to ${clip(m[1]!.split(/ for /i)[0]!, 4)}`);
  },
  (t, out) => {
    const m = t.match(EN.planning);
    if (m) out.push(`Planning ${clip(m[1]!, 6)}`);
  },
  (t, out) => {
    const m = t.match(EN.worksAs);
    if (m) out.push(`Works ${clip(m[1]!, 8)}`);
    const s = t.match(EN.occupation);
    if (s) out.push(`Is a ${s[1]!.toLowerCase()}`);
    const st = t.match(EN.studies);
    if (st) out.push(`Studies ${clip(st[1]!, 5)}`);
  },
  (t, out) => {
    const m = t.match(EN.livesIn);
    if (m) out.push(`Lives in ${clip(m[1]!, 4)}`);
  },
  (t, out) => {
    const m = t.match(EN.age);
    const w = m ? null : t.match(EN.ageInWords);
    if (m) out.push(`Age: ${m[1]}`);
    else if (w) out.push(`Age: ${ageFromWords(w[1]!, w[2], TENS_EN, UNITS_EN)}`);
  },
  (t, out) => {
    const m1 = t.match(EN.eventHad);
    const m2 = t.match(EN.eventIs);
    const event: [string, string] | null = m1 ? [m1[1]!, m1[3]!] : m2 ? [m2[1]!, m2[2]!] : null;
    if (event) out.push(`Has ${/^[aeiou]/i.test(event[0]) ? 'an' : 'a'} ${event[0].toLowerCase()} ${event[1].toLowerCase()}`);
  },
  (t, out) => {
    for (const m of t.matchAll(EN.likes)) {
      const obj = clip(m[2]!, 4).replace(/^(?:to )/i, '');
      if (!obj || NOT_OBJECTS.test(obj.split(' ')[0] ?? '')) continue;
      out.push(`${EN.dislike.test(m[1]!) ? 'Dislikes' : 'Likes'} ${obj}`);
    }
  },
];

const RU_RULES: Rule[] = [
  (t, out) => {
    const m = t.match(RU.nameSaid) ?? t.match(RU.nameAlone);
    if (m) out.push(`${NAME_FACT.ru}${m[1]}`);
  },
  (t, out) => {
    const m = t.match(RU.pet);
    if (m) {
      const pet = PETS_RU[m[1]!.toLowerCase()] ?? m[1]!;
      out.push(m[2] ? `Есть ${pet} по кличке ${m[2]}` : `Есть ${pet}`);
    }
  },
  (t, out) => {
    for (const m of t.matchAll(RU.personCalled)) {
      const who = PEOPLE_RU[m[1]!.toLowerCase()];
      // "Мою кошку зовут Муся": a pet is called the same way as a person.
      const pet = PETS_RU[m[1]!.toLowerCase()];
      if (who) out.push(`${who}: ${m[2]}`);
      else if (pet) out.push(`Есть ${pet} по кличке ${m[2]}`);
    }
    for (const m of t.matchAll(RU.personBeforeName)) {
      const who = PEOPLE_RU[m[1]!.toLowerCase()];
      if (who) out.push(`${who}: ${m[2]}`);
    }
  },
  (t, out) => {
    const w = t.match(RU.works);
    if (w) out.push(`Работает ${clip(w[1]!, 4)}`);
    const s = t.match(RU.studies);
    if (s) out.push(`Учится ${clip(s[1]!, 5)}`);
    const st = t.match(RU.occupation);
    if (st) out.push(`По профессии/занятию: ${st[1]!.toLowerCase()}`);
  },
  (t, out) => {
    const m = t.match(RU.livesIn);
    if (m) out.push(`Живёт в ${clip(m[1]!, 3)}`);
  },
  // In the person's own form of the verb (переехал / переехала), so the note keeps their gender.
  (t, out) => {
    const m = t.match(RU.movedTo);
    if (m) out.push(`${cap(m[1]!.toLowerCase())} ${m[2]} ${clip(m[3]!, 3)}`);
  },
  (t, out) => {
    const m = t.match(RU.plans);
    if (m) out.push(`Планирует ${clip(m[1]!, 6)}`);
  },
  (t, out) => {
    const m = t.match(RU.age);
    const w = m ? null : t.match(RU.ageInWords);
    if (m) out.push(`Возраст: ${m[1]}`);
    else if (w) out.push(`Возраст: ${ageFromWords(w[1]!, w[2], TENS_RU, UNITS_RU)}`);
  },
  (t, out) => {
    const a = t.match(RU.whenThenEvent);
    const b = t.match(RU.eventThenWhen);
    const c = t.match(RU.whenEventAlone);
    const ev: [string, string] | null = b ? [b[1]!, b[2]!] : a ? [a[2]!, a[1]!] : c ? [c[2]!, c[1]!] : null;
    if (ev) out.push(`${cap(ev[0].toLowerCase())} ${ev[1].toLowerCase()}`);
  },
  (t, out) => {
    for (const m of t.matchAll(RU.likes)) {
      const obj = clip(m[2]!, 4);
      if (!obj || NOT_OBJECTS.test(obj.split(' ')[0] ?? '')) continue;
      out.push(`${RU.dislike.test(m[1]!) ? 'Не любит' : 'Любит'} ${obj}`);
    }
  },
];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A cue ("my name is", "зовут") and the word after it: the name, written in whatever case it was typed. */
const CUED_NAME: Record<Language, RegExp> = {
  en: pattern(`(?<![\\p{L}'])(${nameCues.en.cues.map(escapeRegExp).join('|')})\\s+(\\p{L}[\\p{L}-]*)`, 'giu'),
  ru: pattern(`(?<!\\p{L})(${nameCues.ru.cues.map(escapeRegExp).join('|')})\\s+(\\p{L}[\\p{L}-]*)`, 'giu'),
};
const NOT_NAMES: Record<Language, Set<string>> = { en: new Set(nameCues.en.notNames), ru: new Set(nameCues.ru.notNames) };

/** "my name is gordon" as "my name is Gordon": a cued name gets the capital the patterns below know a name by. */
function capitaliseCuedNames(text: string, language: Language): string {
  return text.replace(CUED_NAME[language], (whole, cue: string, name: string) => (NOT_NAMES[language].has(name.toLowerCase()) ? whole : `${cue} ${cap(name)}`));
}

/** Words of four letters or more: what a conversation was about. */
const LONG_WORD = pattern('\\p{L}{4,}', 'gu');

export function extractFacts(text: string, language: Language): string[] {
  const clean = capitaliseCuedNames(text.replace(/\s+/g, ' ').replace(/[’]/g, "'").trim(), language);
  if (!clean) return [];
  const out: string[] = [];
  for (const rule of language === 'ru' ? RU_RULES : EN_RULES) rule(clean, out);
  return [...new Set(out.map((f) => f.replace(/\s+/g, ' ').trim()).filter((f) => f.length > 3))];
}

/**
 * A short extractive summary of a conversation for the next one's prompt: the person's most telling
 * sentences (ones carrying facts, feelings or the conversation's recurring words), in order, plus the
 * dominant mood. No model, so it works with any (or no) chat model and never invents anything.
 */
export function summarizeConversation(turns: { userText: string; replyText: string }[], language: Language, maxChars = 320): string {
  const sentences: { text: string; index: number }[] = [];
  turns.forEach((t) => {
    for (const s of t.userText.split(/(?<=[.!?…])\s+/)) {
      const text = s.trim();
      if (text.split(/\s+/).length >= 3) sentences.push({ text, index: sentences.length });
    }
  });
  if (!sentences.length) return '';
  // Words that come back across the conversation are what it was about.
  const freq = new Map<string, number>();
  const words = (s: string): string[] => (s.toLowerCase().match(LONG_WORD) ?? []).map((w) => w.slice(0, 6));
  for (const s of sentences) for (const w of new Set(words(s.text))) freq.set(w, (freq.get(w) ?? 0) + 1);
  const moodCount = new Map<string, number>();
  const scored = sentences.map((s) => {
    const emotion = classifyTextEmotion(s.text, language);
    if (emotion.label !== 'neutral') moodCount.set(emotion.label, (moodCount.get(emotion.label) ?? 0) + 1);
    const recurring = words(s.text).reduce((sum, w) => sum + ((freq.get(w) ?? 1) - 1), 0);
    const score =
      extractFacts(s.text, language).length * 3 + (emotion.label !== 'neutral' ? 1.5 : 0) + Math.min(3, recurring * 0.5) + Math.min(1, s.text.length / 80);
    return { ...s, score };
  });
  const picked: typeof scored = [];
  let used = 0;
  for (const s of [...scored].sort((a, b) => b.score - a.score)) {
    const text = s.text.length > 140 ? `${s.text.slice(0, 139)}…` : s.text;
    if (used + text.length > maxChars - 60 && picked.length > 0) continue;
    picked.push({ ...s, text });
    used += text.length;
    if (picked.length >= 3) break;
  }
  picked.sort((a, b) => a.index - b.index);
  const quoted = picked.map((s) => (language === 'ru' ? `«${s.text}»` : `"${s.text}"`)).join(' ');
  const topMood = [...moodCount.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const moodWords: Record<Language, Record<string, string>> = {
    en: {
      joy: 'mostly upbeat',
      sadness: 'mostly low',
      anger: 'frustrated at times',
      fear: 'worried at times',
      disgust: 'put off by something',
      surprise: 'surprised at times',
    },
    ru: {
      joy: 'в основном в хорошем настроении',
      sadness: 'в основном грустно',
      anger: 'временами раздражение',
      fear: 'временами тревога',
      disgust: 'что-то было неприятно',
      surprise: 'временами удивление',
    },
  };
  const mood = topMood ? moodWords[language][topMood] : undefined;
  return language === 'ru' ? `Человек говорил: ${quoted}${mood ? ` Настроение: ${mood}.` : ''}` : `They said: ${quoted}${mood ? ` Mood: ${mood}.` : ''}`;
}
