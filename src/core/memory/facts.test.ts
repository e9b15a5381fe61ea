import { describe, expect, it } from 'vitest';
import { extractFacts, summarizeConversation } from './facts.js';

describe('extractFacts (EN)', () => {
  it('finds name, pets, people, work, place, age, events and likes', () => {
    expect(extractFacts('Hi, my name is Anna.', 'en')).toContain('Name: Anna');
    expect(extractFacts('My dog is called Rex and he is lovely', 'en')).toContain('Has a dog named Rex');
    expect(extractFacts('I have a cat', 'en')).toContain('Has a cat');
    expect(extractFacts('My sister, Kate, lives nearby', 'en')).toContain('Sister: Kate');
    expect(extractFacts('I work as a nurse at the city hospital', 'en')).toContain('Works as a nurse at the city hospital');
    expect(extractFacts('I live in Berlin, near the river', 'en')).toContain('Lives in Berlin');
    expect(extractFacts("I'm 24 years old", 'en')).toContain('Age: 24');
    expect(extractFacts('I have an exam on Friday and I am nervous', 'en')).toContain('Has an exam on friday');
    expect(extractFacts('I love painting and long walks', 'en')).toContain('Likes painting');
    expect(extractFacts('I hate waking up early', 'en')).toContain('Dislikes waking up early');
  });
  it('hears a name said plainly, people named in passing, moves and plans', () => {
    expect(extractFacts("I'm Tom. I have an exam on Friday.", 'en')).toContain('Name: Tom');
    expect(extractFacts("I'm tired.", 'en')).toEqual([]);
    expect(extractFacts('My boss Linda told me this morning.', 'en')).toContain('Boss: Linda');
    expect(extractFacts('At home I had my sister Kate close by.', 'en')).toContain('Sister: Kate');
    expect(extractFacts('I have a dog named Biscuit, he is a corgi.', 'en')).toEqual(['Has a dog named Biscuit']);
    expect(extractFacts('I moved to Lisbon two weeks ago for a new job.', 'en')).toContain('Moved to Lisbon two weeks ago');
    expect(extractFacts("I'm planning a trip to Japan next month.", 'en')).toContain('Planning a trip to Japan next month');
  });
  it('hears what speech recognition writes: a pet named as an aside, an age in words, where someone moved', () => {
    expect(extractFacts('My cat, Pepper, sleeps on my feet when I get home.', 'en')).toContain('Has a cat named Pepper');
    expect(extractFacts("I'm thirty four, is that too late to start?", 'en')).toContain('Age: 34');
    expect(extractFacts("I'm twenty-one years old", 'en')).toContain('Age: 21');
    expect(extractFacts("I'm thirty minutes late again", 'en')).toEqual([]);
    expect(extractFacts('I just moved to Leeds for a new job.', 'en')).toEqual(['Moved to Leeds']);
  });
  it('keeps quiet when nothing personal is said', () => {
    expect(extractFacts('What is the weather like today?', 'en')).toEqual([]);
    expect(extractFacts('I love you', 'en')).toEqual([]);
    expect(extractFacts('', 'en')).toEqual([]);
  });
});

describe('extractFacts, typed in lower case', () => {
  it('knows a name by its cue when nothing is capitalised, and leaves what is no name', () => {
    expect(extractFacts('hi my name is gordon', 'en')).toEqual(['Name: Gordon']);
    expect(extractFacts('i have a dog named biscuit', 'en')).toEqual(['Has a dog named Biscuit']);
    expect(extractFacts('my cat is called pepper and she is old', 'en')).toEqual(['Has a cat named Pepper']);
    expect(extractFacts('My name is not important', 'en')).toEqual([]);
    expect(extractFacts('call me back later ok', 'en')).toEqual([]);
    expect(extractFacts('здравствуйте меня зовут олег', 'ru')).toEqual(['Имя: Олег']);
    expect(extractFacts('моего кота зовут барсик', 'ru')).toEqual(['Есть кот по кличке Барсик']);
    expect(extractFacts('у меня есть кот по кличке барсик', 'ru')).toEqual(['Есть кот по кличке Барсик']);
    expect(extractFacts('меня зовут на работу в субботу', 'ru')).toEqual([]);
    expect(extractFacts('а как меня зовут', 'ru')).toEqual([]);
  });
});

describe('extractFacts (RU)', () => {
  it('finds name, pets, people, work, study, events and likes', () => {
    expect(extractFacts('Привет, меня зовут Аня.', 'ru')).toContain('Имя: Аня');
    expect(extractFacts('У меня есть кот по кличке Барсик', 'ru')).toContain('Есть кот по кличке Барсик');
    expect(extractFacts('Мою сестру зовут Катя', 'ru')).toContain('Сестра: Катя');
    expect(extractFacts('Я работаю учителем в школе', 'ru')).toContain('Работает учителем в школе');
    expect(extractFacts('Я учусь в университете на биолога', 'ru')).toContain('Учится в университете на биолога');
    expect(extractFacts('В пятницу у меня экзамен, волнуюсь', 'ru')).toContain('Экзамен в пятницу');
    expect(extractFacts('У меня завтра собеседование', 'ru')).toContain('Собеседование завтра');
    expect(extractFacts('Я очень люблю рисовать', 'ru')).toContain('Любит рисовать');
    expect(extractFacts('Я живу в Казани', 'ru')).toContain('Живёт в Казани');
    expect(extractFacts('Мне 30 лет', 'ru')).toContain('Возраст: 30');
  });
  it('hears a name said plainly, people named in passing, moves and plans', () => {
    expect(extractFacts('Привет, я Лена, учусь на первом курсе.', 'ru')).toContain('Имя: Лена');
    expect(extractFacts('Дома остались мама и подруга Оля.', 'ru')).toContain('Подруга: Оля');
    expect(extractFacts('Мой лучший друг Костя опять забыл.', 'ru')).toContain('Друг: Костя');
    expect(extractFacts('Я месяц назад переехала в Казань.', 'ru')).toContain('Переехала в Казань');
    expect(extractFacts('Я планирую поездку в Грузию в следующем месяце.', 'ru')).toContain('Планирует поездку в Грузию в следующем месяце');
    expect(extractFacts('Сегодня Маша пришла поздно.', 'ru')).toEqual([]);
  });
  it('hears a pet called by name, an age in words, and a defence on a day', () => {
    expect(extractFacts('Мою кошку зовут Муся, она старенькая', 'ru')).toContain('Есть кошка по кличке Муся');
    expect(extractFacts('Моего кота зовут Барсик', 'ru')).toContain('Есть кот по кличке Барсик');
    expect(extractFacts('мне тридцать четыре, не поздно ли начинать', 'ru')).toContain('Возраст: 34');
    expect(extractFacts('Мне двадцать два года', 'ru')).toContain('Возраст: 22');
    expect(extractFacts('мне сорок пять минут ехать до работы', 'ru')).toEqual([]);
    expect(extractFacts('у меня защита в пятницу, страшно', 'ru')).toContain('Защита в пятницу');
  });
  it('keeps quiet when nothing personal is said', () => {
    expect(extractFacts('Какая сегодня погода?', 'ru')).toEqual([]);
    expect(extractFacts('Я люблю тебя', 'ru')).toEqual([]);
  });
});

describe('summarizeConversation', () => {
  it('keeps the telling sentences and the mood, within the length budget', () => {
    const turns = [
      { userText: 'Hi there. My name is Anna and I have an exam on Friday.', replyText: 'Good luck!' },
      { userText: 'I am so worried about the exam, I am scared I will fail.', replyText: 'That sounds hard.' },
      { userText: 'Okay. The weather is fine.', replyText: 'Nice.' },
    ];
    const summary = summarizeConversation(turns, 'en');
    expect(summary).toMatch(/exam on Friday/);
    expect(summary).toMatch(/worried/);
    expect(summary).toMatch(/Mood: worried/);
    expect(summary.length).toBeLessThanOrEqual(340);
  });
  it('writes Russian summaries in Russian and returns empty for nothing', () => {
    const s = summarizeConversation([{ userText: 'Мне сегодня очень грустно, поссорилась с сестрой.', replyText: 'Сочувствую.' }], 'ru');
    expect(s).toMatch(/^Человек говорил: «Мне сегодня очень грустно/);
    expect(s).toMatch(/грустно\./);
    expect(summarizeConversation([], 'ru')).toBe('');
  });
});
