import { describe, expect, it } from 'vitest';
import { CrisisSchema } from '../../shared/domain.js';
import { crisisResponse, detectCrisis } from './index.js';

describe('detectCrisis', () => {
  const positives: Array<[string, 'ru' | 'en', string]> = [
    ["I don't want to wake up", 'en', 'suicide'],
    ['I want to kill myself', 'en', 'suicide'],
    ['Everyone would be better off without me', 'en', 'suicide'],
    ['I keep cutting myself', 'en', 'self_harm'],
    ['He hits me', 'en', 'abuse'],
    ["I can't breathe and my heart is pounding", 'en', 'panic'],
    ['всем будет лучше без меня', 'ru', 'suicide'],
    ['Я не хочу больше жить', 'ru', 'suicide'],
    ['Я режу себя, когда плохо', 'ru', 'self_harm'],
    ['Муж меня бьёт', 'ru', 'abuse'],
    ['не могу дышать, сердце колотится', 'ru', 'panic'],
    // Spoken, unpunctuated, indirect (the shape of a transcript).
    ["i think tonight i'm gonna end it", 'en', 'suicide'],
    ['i bought a rope this morning', 'en', 'suicide'],
    ['if i leave him he will kill me he said so', 'en', 'abuse'],
    ['он схватил меня за горло вчера', 'ru', 'abuse'],
    ['я стою на мосту и смотрю вниз думаю прыгнуть', 'ru', 'suicide'],
    ['больше не могу так жить', 'ru', 'suicide'],
  ];
  for (const [text, lang, category] of positives) {
    it(`flags "${text}" as ${category}`, () => {
      expect(detectCrisis(text, lang)?.category).toBe(category);
    });
  }

  const negatives: Array<[string, 'ru' | 'en']> = [
    ["I'm not going to hurt myself", 'en'],
    ['I would never kill myself', 'en'],
    ['This exam is killing me', 'en'],
    ['I almost died laughing', 'en'],
    ['He beat me at chess', 'en'],
    ['I laughed so hard I could not breathe, my heart was pounding', 'en'],
    ["I don't want to live in this city anymore", 'en'],
    ['я не собираюсь себя убивать', 'ru'],
    ['убить время до встречи', 'ru'],
    ['я чуть не умер со смеху', 'ru'],
    ['хоть убей, не помню', 'ru'],
    ['Герой фильма в конце покончил с собой', 'ru'],
    ['Сердце колотится, так рада концерту', 'ru'],
    ['if i have to hear that song one more time i will die haha', 'en'],
    ['если опять поставят эту песню я повешусь ахаха', 'ru'],
    ['my brother used to cut himself in school but he is fine now', 'en'],
    ['i had a panic attack once years ago, it passed', 'en'],
  ];
  for (const [text, lang] of negatives) {
    it(`does not flag "${text}"`, () => {
      expect(detectCrisis(text, lang)).toBeNull();
    });
  }

  it('checks both languages when the language is unknown', () => {
    expect(detectCrisis('не хочу больше жить')?.category).toBe('suicide');
    expect(detectCrisis('I want to die')?.category).toBe('suicide');
    expect(detectCrisis('Hello, how are you?')).toBeNull();
  });

  it('reports the matched words', () => {
    expect(detectCrisis('Honestly I want to kill myself today', 'en')?.matched).toBe('kill myself');
  });
});

describe('crisisResponse', () => {
  it('gives a valid Crisis with a message and help lines in each language', () => {
    for (const lang of ['ru', 'en'] as const) {
      for (const category of ['suicide', 'self_harm', 'abuse', 'panic'] as const) {
        const crisis = CrisisSchema.parse(crisisResponse(category, lang));
        expect(crisis.message.length).toBeGreaterThan(40);
        expect(crisis.helplines.length).toBeGreaterThan(0);
        expect(crisis.language).toBe(lang);
      }
    }
  });

  it('offers the Russian national line in Russian and the international directory in English', () => {
    const ru = crisisResponse('suicide', 'ru');
    expect(ru.helplines.map((h) => h.phone)).toContain('8-800-2000-122');
    expect(ru.message).toMatch(/[а-я]/);
    const en = crisisResponse('suicide', 'en');
    expect(en.helplines.some((h) => h.url === 'https://findahelpline.com')).toBe(true);
  });

  it('adds the abuse line only for abuse', () => {
    expect(crisisResponse('abuse', 'ru').helplines.map((h) => h.phone)).toContain('8-800-7000-600');
    expect(crisisResponse('panic', 'ru').helplines.map((h) => h.phone)).not.toContain('8-800-7000-600');
  });

  it('never uses clinical labels in the message', () => {
    for (const lang of ['ru', 'en'] as const) {
      for (const category of ['suicide', 'self_harm', 'abuse', 'panic'] as const) {
        expect(crisisResponse(category, lang).message).not.toMatch(/disorder|diagnos|depression|расстройств|диагноз|депресс/i);
      }
    }
  });
});

describe('detectCrisis second tier (warning signs that add up)', () => {
  it('catches indirect talk that no single phrase covers', () => {
    expect(detectCrisis("I've given away my things, I won't need them", 'en')?.category).toBe('suicide');
    expect(detectCrisis('Думаю о передозировке', 'ru')?.category).toBe('suicide');
    expect(detectCrisis("I'm hyperventilating and my hands are numb", 'en')?.category).toBe('panic');
    expect(detectCrisis('Папа сказал, что сломает мне руку, если я кому-то расскажу', 'ru')?.category).toBe('abuse');
  });
  it('stays quiet for stories, play and single weak signs', () => {
    expect(detectCrisis('That movie about overdoses was really sad', 'en')).toBeNull();
    expect(detectCrisis('My sister punched me in the arm as a joke', 'en')).toBeNull();
    expect(detectCrisis('Сестра в шутку ударила меня по плечу', 'ru')).toBeNull();
    expect(detectCrisis('I gave away my old clothes to charity', 'en')).toBeNull();
  });
});

describe('detectCrisis third tier (signs that mean something together, in any order)', () => {
  // Written for this test, not taken from the evaluation sets.
  const positives: Array<[string, 'ru' | 'en', string]> = [
    ['петлю я уже приготовил, осталось дождаться ночи', 'ru', 'suicide'],
    ['i bought sleeping pills and saved up a whole bottle', 'en', 'suicide'],
    ['собаку соседям отвезла, квартиру на брата переписала', 'ru', 'suicide'],
    ['i left notes for my parents, they are in the drawer when i am gone', 'en', 'suicide'],
    ['ноги себе царапаю ножницами, чтоб никто не видел', 'ru', 'self_harm'],
    // Told as over, then back: a relapse is not "a crisis that is over".
    ['years ago i tried to kill myself, i got help, but now i want to die', 'en', 'suicide'],
    ['лет пять назад хотел покончить с собой, пролечился, а сейчас снова не хочу жить', 'ru', 'suicide'],
    ['паспорт и деньги отобрал, к родным не пускает', 'ru', 'abuse'],
    ['my husband keeps my passport and says if i leave i will regret it', 'en', 'abuse'],
    ['опять накрыло, сердце колотится, руки дрожат', 'ru', 'panic'],
  ];
  for (const [text, lang, category] of positives) {
    it(`flags "${text}" as ${category}`, () => {
      expect(detectCrisis(text, lang)?.category).toBe(category);
    });
  }

  const negatives: Array<[string, 'ru' | 'en']> = [
    ['i bought pills for my headache today', 'en'],
    ['кота к маме отвезла, пока я в отпуске', 'ru'],
    ['after the run my heart was pounding and i was shaking', 'en'],
    ['у меня грипп, голова кружится и трясёт', 'ru'],
    ['years ago i wrote goodbye letters, but i got help and i am doing well now', 'en'],
    ['Злоумышленник забрал деньги, угрожая сотрудникам', 'ru'],
    ['её папа заставил её писать правой рукой', 'ru'],
    ['я порезала палец, когда готовила салат', 'ru'],
  ];
  for (const [text, lang] of negatives) {
    it(`does not flag "${text}"`, () => {
      expect(detectCrisis(text, lang)).toBeNull();
    });
  }
});
