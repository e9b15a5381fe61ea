import { describe, expect, it } from 'vitest';
import { recallAnswer } from './recall.js';
import { isAdvice, ReplyEditor, type ReplyEditorOptions } from './reply-editor.js';
import { askedSum, sumAnswer } from './sums.js';

/** Streams `reply` in small pieces (as a model does) and returns what was emitted, the pieces, and the editor. */
function stream(reply: string, o: Partial<ReplyEditorOptions> = {}, finish: { cutShort?: boolean; stopped?: boolean } = {}) {
  const pieces: string[] = [];
  const editor = new ReplyEditor({ language: 'en', tone: 'friendly', earlier: [], adviceWelcome: false, emit: (t) => pieces.push(t), ...o });
  for (let i = 0; i < reply.length; i += 3) editor.push(reply.slice(i, i + 3));
  const text = editor.finish(finish);
  return { shown: pieces.join(''), pieces, text, editor };
}

describe('ReplyEditor', () => {
  it('passes a reply with nothing to drop through unchanged', () => {
    const reply = 'Oh, that is great news! What kind of puppy is it? I bet the kids are thrilled.';
    const { shown, text } = stream(`  ${reply}`);
    expect(shown).toBe(reply);
    expect(text).toBe(reply);
  });

  it('drops a reply that says the note back, sentence by sentence, and says a short true line instead', () => {
    // Seen with the Coder 1.5B in Russian (eval, b22): the turn's note, with the person's words put in.
    const note = 'Ты уже спрашивал: «Как дела?» Не повторяй эти вопросы. Совета не просили: не советуй. Отвечай по-русски.';
    const echo = 'Ты уже спрашивал: «Я одна живу только кот барсик.» Не повторяй эти вопросы. Совета не просили: не советуй. Отвечай по-русски.';
    const { shown, text, editor } = stream(echo, { language: 'ru', tone: 'supportive', note });
    expect(shown).toBe('Я здесь и слушаю тебя.');
    expect(text).toBe('Я здесь и слушаю тебя.');
    expect(editor.dropped.map((d) => d.reason)).toEqual(['note echo', 'note echo', 'note echo', 'note echo']);
  });

  it('keeps a reply that only starts like the note, holding its first words just until they part from it', () => {
    const note = 'Their name is Sam; say it now and then. Reply in English.';
    const pieces: string[] = [];
    const editor = new ReplyEditor({ language: 'en', tone: 'friendly', earlier: [], adviceWelcome: false, note, emit: (t) => pieces.push(t) });
    editor.push('Their');
    editor.push(' na');
    expect(pieces).toEqual([]);
    editor.push('me tag says');
    expect(pieces.join('')).toBe('Their name tag says');
    editor.push(' Sam. Reply in English.');
    // The rest of the note said back goes; the reply's own words stay.
    expect(editor.finish()).toBe('Their name tag says Sam.');
    expect(editor.dropped).toEqual([{ sentence: 'Reply in English.', reason: 'note echo' }]);
  });

  it('a question the note quotes as already asked, asked again, is a repeated question, not the note said back', () => {
    const note = 'You already asked: "What did they say next?" Do not ask these again. Reply in English.';
    const { text, editor, pieces } = stream('What did they say next? That must have hurt.', { note, earlier: ['What did they say next?'] });
    // The first sentence is never held for it, and never dropped (as before the note was looked at).
    expect(pieces[0]).toBe('Wha');
    expect(text).toBe('What did they say next? That must have hurt.');
    const again = stream('That must have hurt. What did they say next?', { note, earlier: ['What did they say next?'] });
    expect(again.editor.dropped).toEqual([{ sentence: 'What did they say next?', reason: 'repeated question' }]);
    expect(editor.dropped).toEqual([]);
  });

  it('drops sentences that narrate the conversation from outside instead of talking to the person', () => {
    // Seen on the Coder 1.5B (eval/replies-blind3-2026-12-03.md, r03; eval/replies-2026-12-02.md).
    const ru = stream('Человеку говорится о том, что он говорит сидней.', { language: 'ru', tone: 'neutral' });
    expect(ru.text).toBe('Я здесь и слушаю тебя.');
    expect(ru.editor.dropped).toEqual([{ sentence: 'Человеку говорится о том, что он говорит сидней.', reason: 'note echo' }]);
    const en = stream('That must feel lonely. The person mentioned that they have nothing packed. What is the flat like?');
    expect(en.text).toBe('That must feel lonely. What is the flat like?');
    // A word that only starts like an opening is no narration: "Lumiere", "The personal touch".
    expect(stream('The personal touch matters. I agree.').text).toBe('The personal touch matters. I agree.');
    expect(stream('Человечно с твоей стороны.', { language: 'ru' }).text).toBe('Человечно с твоей стороны.');
    // blind-run5, t-set: the mood line's opening, turned into narration.
    expect(stream('Похоже, человек спросил про историю города. Кёнигсберг был немецким.', { language: 'ru' }).text).toBe('Кёнигсберг был немецким.');
    expect(stream('Похоже, тебе грустно сегодня.', { language: 'ru' }).text).toBe('Похоже, тебе грустно сегодня.');
  });

  it('keeps a reply as long as its tone promises: past it, the sentence and all after it go', () => {
    const neutral = stream('I see. The exam is tomorrow at nine. Break it into parts. Sleep early.', { tone: 'neutral' });
    expect(neutral.text).toBe('I see. The exam is tomorrow at nine.');
    expect(neutral.editor.dropped.map((d) => d.reason)).toEqual(['too long', 'too long']);
    // Neutral: under twenty-five words, even in two sentences.
    const words = stream(
      'That is a long trip with your son to see the country. You could see the reef, the outback deserts and the coastal cities like Sydney.',
      { tone: 'neutral' },
    );
    expect(words.text).toBe('That is a long trip with your son to see the country.');
    // Russian says it in fewer, longer words: its neutral tone stops at sixteen (eighteen here, in two sentences).
    const ru = stream('Понятно, переезд в новый город это всегда непросто. Обычно первые недели самые трудные, а потом понемногу становится легче.', {
      language: 'ru',
      tone: 'neutral',
    });
    expect(ru.text).toBe('Понятно, переезд в новый город это всегда непросто.');
    // Friendly and supportive: three sentences; a short third one after a dropped one is not said either.
    const friendly = stream('Oh nice! A puppy! What breed is it? Labs are great. So fun.');
    expect(friendly.text).toBe('Oh nice! A puppy! What breed is it?');
    expect(friendly.editor.isFull).toBe(true);
    expect(stream('Oh nice! A puppy!').editor.isFull).toBe(false);
  });

  it('asked where their words go, says the fact in place of a claim that they leave this computer', () => {
    // Seen on the Coder 1.5B (eval/replies-team-2026-12-03.md, en-what-are-you).
    const asked = 'Do you send what I say to some server?';
    const lie = stream('I send what you say to a server where my creators and I can learn about you. Ask me anything.', { asked, tone: 'neutral' });
    expect(lie.text).toBe('Nothing you say leaves this computer: I run offline, and what you tell me is kept only here. Ask me anything.');
    expect(lie.editor.dropped).toEqual([{ sentence: 'I send what you say to a server where my creators and I can learn about you.', reason: 'false claim' }]);
    // Held whole: nothing of the claim was shown before it was judged.
    expect(lie.shown).toBe(lie.text);
    expect(stream("No, I don't send anything to a server. It all stays here.", { asked }).text).toBe(
      "No, I don't send anything to a server. It all stays here.",
    );
    const ru = stream('Я отправляю ваши слова на сервер разработчиков.', { asked: 'а ты мои слова в интернет отправляешь', language: 'ru' });
    expect(ru.text).toBe('Ничего из сказанного не уходит с этого компьютера: я работаю без интернета, и всё хранится только здесь.');
    expect(stream('Нет, я работаю без интернета.', { asked: 'ты в интернет что-то отправляешь', language: 'ru' }).text).toBe('Нет, я работаю без интернета.');
    // Not asked about it: the reply streams as ever (a café's wifi is no claim about Lumio).
    const cafe = stream('The cafe has a slow internet connection.', { asked: 'the cafe was nice' });
    expect(cafe.text).toBe('The cafe has a slow internet connection.');
    expect(cafe.pieces.length).toBeGreaterThan(5);
  });

  it('asked what Lumio is, says the fact in place of a claim that a company made it', () => {
    // Seen on the Coder 1.5B (eval/replies-blind9-2026-12-04.md, k05): "Well, I am an AI companion created by Anthropic."
    const asked = 'wait are you a bot or a real person';
    const { text, editor } = stream('Well, I am an AI companion created by Anthropic. I am glad to keep you company.', { asked });
    expect(text).toBe("I'm Lumio, an AI companion that runs here on your computer, offline. I am glad to keep you company.");
    expect(editor.dropped).toEqual([{ sentence: 'Well, I am an AI companion created by Anthropic.', reason: 'false claim' }]);
    expect(stream('I am not ChatGPT, I am a program here.', { asked }).text).toBe('I am not ChatGPT, I am a program here.');
    const ru = stream('Я программа от OpenAI. Я рядом.', { language: 'ru', asked: 'ты вообще живой человек или программа?' });
    expect(ru.text).toBe('Я Lumio, ИИ-собеседник, который работает здесь, на этом компьютере, без интернета. Я рядом.');
    // Not asked what it is: the first sentence streams as always.
    expect(stream('Google says it will rain. Take an umbrella.', { asked: 'will it rain' }).pieces[0]).toBe('Goo');
  });

  it('without a note, or with a reply whose first letters are unlike it, streams from the first piece as before', () => {
    expect(stream('That sounds hard. I am here.', { note: 'They seem sad. Be gentle. Reply in English.' }).pieces[0]).toBe('Tha');
    expect(stream('It sounds hard. I am here.', { note: 'They seem sad. Be gentle. Reply in English.' }).pieces[0]).toBe('It ');
    expect(stream('That sounds hard.').pieces[0]).toBe('Tha');
  });

  it('lets the first sentence through piece by piece, before it ends', () => {
    const pieces: string[] = [];
    const editor = new ReplyEditor({ language: 'en', tone: 'friendly', earlier: [], adviceWelcome: false, emit: (t) => pieces.push(t) });
    editor.push('That sounds');
    editor.push(' lovely');
    expect(pieces.join('')).toBe('That sounds lovely');
    editor.push(', really. And');
    // The second sentence is held until it ends.
    expect(pieces.join('')).toBe('That sounds lovely, really.');
    editor.push(' then?');
    expect(editor.finish()).toBe('That sounds lovely, really. And then?');
  });

  it('says when the emitted text ends a sentence: after the first, and after each kept one, never for a dropped one', () => {
    const log: string[] = [];
    const editor = new ReplyEditor({
      language: 'en',
      tone: 'friendly',
      earlier: ['What did you eat?'],
      adviceWelcome: false,
      emit: (t) => log.push(t),
      sentenceEnd: () => log.push('|'),
    });
    for (const piece of ['Oh', ' nice.', ' What', ' did you', ' eat?', ' I love', ' soup.', ' Tell', ' me']) editor.push(piece);
    expect(log.join('')).toBe('Oh nice.| I love soup.|');
    editor.finish();
    expect(log.join('')).toBe('Oh nice.| I love soup.| Tell me|');
  });

  it('drops a question asked in an earlier reply, in other words', () => {
    const earlier = ['That is hilarious! What did you think of the beagle?'];
    const { text, editor } = stream('Oh, a little disappointing. What do you think of the beagle now?', { earlier });
    expect(text).toBe('Oh, a little disappointing.');
    expect(editor.dropped).toEqual([{ sentence: 'What do you think of the beagle now?', reason: 'repeated question' }]);
  });

  it('keeps a new question about something else', () => {
    const earlier = ['That is hilarious! What did you think of the beagle?'];
    const { text } = stream('Poor slippers. Has he started on the furniture yet?', { earlier });
    expect(text).toBe('Poor slippers. Has he started on the furniture yet?');
  });

  it('drops a sentence repeated from an earlier reply (Russian)', () => {
    const earlier = ['Понимаю тебя. Переезд в новый город всегда непростое испытание для любого человека.'];
    const { text } = stream('Да, это тяжело. Переезд в новый город — всегда непростое испытание для человека. Что тебе сейчас ближе всего?', {
      language: 'ru',
      earlier,
    });
    expect(text).toBe('Да, это тяжело. Что тебе сейчас ближе всего?');
  });

  it('does not compare short sentences: "I see." may come back', () => {
    const { text } = stream('I see. I see what you mean.', { earlier: ['I see. Tell me more.'] });
    expect(text).toBe('I see. I see what you mean.');
  });

  it('drops advice in the supportive tone when none was asked, and keeps it when it was', () => {
    const reply = 'That sounds really heavy. Maybe try to write down how you feel each evening. I am here with you.';
    expect(stream(reply, { tone: 'supportive' }).text).toBe('That sounds really heavy. I am here with you.');
    expect(stream(reply, { tone: 'supportive', adviceWelcome: true }).text).toBe(reply);
    expect(stream(reply, { tone: 'friendly' }).text).toBe(reply);
  });

  it('holds a first sentence that opens with advice in the supportive tone, and drops it', () => {
    // Seen on the Coder 1.5B (eval/replies-blind9-2026-12-04.md, m05): «Помни, что…» opened four replies running.
    const reply = 'Maybe try to write it all down tonight. That sounds really heavy.';
    const { shown, pieces, editor } = stream(reply, { tone: 'supportive' });
    expect(shown).toBe('That sounds really heavy.');
    expect(pieces).toEqual(['That sounds really heavy.']);
    expect(editor.dropped).toEqual([{ sentence: 'Maybe try to write it all down tonight.', reason: 'advice' }]);
    expect(stream('Помни, что ты не одна. Я рядом.', { language: 'ru', tone: 'supportive' }).text).toBe('Я рядом.');
    // A reply with nothing but advice says a short true line, not nothing.
    expect(stream('Не забывай отдыхать.', { language: 'ru', tone: 'supportive' }).text).toBe('Я здесь и слушаю тебя.');
  });

  it('streams a first sentence that only opens with an opener, or opens with advice where it is welcome', () => {
    const maybe = stream('Maybe you are right about him. It is hard.', { tone: 'supportive' });
    expect(maybe.text).toBe('Maybe you are right about him. It is hard.');
    // Held only while "Maybe" could still open advice: from "you" on, it streams before the sentence ends.
    expect(maybe.pieces[0]).not.toBe('Maybe you are right about him.');
    expect(maybe.pieces.join('').startsWith('Maybe you are right')).toBe(true);
    expect(stream('Try to rest tonight. It is hard.', { tone: 'supportive', adviceWelcome: true }).pieces[0]).toBe('Try');
    expect(stream('Try to rest tonight. It is hard.', { tone: 'friendly' }).text).toBe('Try to rest tonight. It is hard.');
  });

  it('recognises advice by phrase and by an opening verb, in both languages', () => {
    expect(isAdvice('It can be helpful to create a designated area for her things.', 'en')).toBe(true);
    expect(isAdvice('Remember to take care of yourself.', 'en')).toBe(true);
    expect(isAdvice('You can try talking about your feelings with Sam or another friend.', 'en')).toBe(true);
    expect(isAdvice('Do you remember what she said?', 'en')).toBe(false);
    expect(isAdvice('I remember you said that.', 'en')).toBe(false);
    expect(isAdvice('Просто попробуй выйти на прогулку.', 'ru')).toBe(true);
    expect(isAdvice('Тебе стоит отдохнуть.', 'ru')).toBe(true);
    expect(isAdvice('Я рядом и слушаю.', 'ru')).toBe(false);
  });

  it('drops the unfinished last sentence of a reply cut at the token limit', () => {
    const reply = 'Deep breaths help before an interview. Think of it as a conversation. Finally, if you are anxious it might be good to talk to a friend or';
    expect(stream(reply, {}, { cutShort: true }).text).toBe('Deep breaths help before an interview. Think of it as a conversation.');
    // Without the cut, a reply that simply ends without a full stop keeps its words.
    expect(stream('Yes, they named him Biscuit. Cute name', {}).text).toBe('Yes, they named him Biscuit. Cute name');
  });

  it('drops what was held when the person stopped the reply (it was never shown)', () => {
    const { shown, text } = stream('I hear you. And the next thing is', {}, { stopped: true });
    expect(shown).toBe('I hear you.');
    expect(text).toBe('I hear you.');
  });

  it('never drops the first sentence, even when it repeats', () => {
    const earlier = ['How are you feeling about the interview?'];
    expect(stream('How are you feeling about the interview? Thursday is close.', { earlier }).text).toBe(
      'How are you feeling about the interview? Thursday is close.',
    );
  });

  it('keeps a one-sentence reply that has no sentence end', () => {
    expect(stream('hello there').text).toBe('hello there');
    expect(stream('Hello there!').shown).toBe('Hello there!');
    expect(stream('It is 3.5 km away, not far.').shown).toBe('It is 3.5 km away, not far.');
    expect(stream('').text).toBe('');
  });

  describe('a sum the person asked for', () => {
    const sum = sumAnswer(askedSum('сколько будет пятнадцать умножить на двенадцать', 'ru')!, 'ru');

    it('lets a reply through once it says the result, in words or digits', () => {
      expect(stream('Сейчас посчитаю. Получается сто восемьдесят.', { language: 'ru', recallAnswer: sum }).shown).toBe(
        'Сейчас посчитаю. Получается сто восемьдесят.',
      );
    });

    it('says the sum plainly instead of a wrong result', () => {
      const { shown, editor } = stream('На умножение пятнадцать на двенадцать получается 120.', { language: 'ru', recallAnswer: sum });
      expect(shown).toBe('15 умножить на 12 — это 180.');
      expect(editor.dropped.map((d) => d.reason)).toEqual(['not answered']);
    });
  });

  describe('a question that asks back what was told', () => {
    const cat = recallAnswer('я одна живу уже лет пять со мной только кот барсик', 'а вы помните как моего кота зовут', 'ru')!;
    const derek = recallAnswer('this guy at work derek presented my project', 'what was the name of the guy i told you about', 'en')!;

    it('holds every sentence until one says something of it, then lets them through in order', () => {
      const { shown, text, editor } = stream('Of course I remember. It was Derek, the one who took your project.', { recallAnswer: derek });
      expect(shown).toBe('Of course I remember. It was Derek, the one who took your project.');
      expect(text).toBe(shown);
      expect(editor.dropped).toEqual([]);
    });

    it('says nothing before an answer: the first sentence is not streamed ahead', () => {
      const pieces: string[] = [];
      const editor = new ReplyEditor({ language: 'ru', tone: 'supportive', earlier: [], adviceWelcome: false, recallAnswer: cat, emit: (t) => pieces.push(t) });
      editor.push('Конечно, я помню. ');
      expect(pieces).toEqual([]);
      editor.push('Твоего кота зовут Барсик. ');
      expect(pieces.join('')).toBe('Конечно, я помню. Твоего кота зовут Барсик.');
      editor.push('Как он?');
      expect(editor.finish()).toBe('Конечно, я помню. Твоего кота зовут Барсик. Как он?');
    });

    it("replaces a reply that never says it (the model's 'no information') with the person's own words", () => {
      const { shown, editor } = stream('К сожалению, я не могу помнить информацию о конкретных животных. Чем ещё помочь?', {
        language: 'ru',
        recallAnswer: cat,
      });
      expect(shown).toBe('Помню твои слова: «я одна живу уже лет пять со мной только кот барсик».');
      expect(editor.dropped.map((d) => d.reason)).toEqual(['not answered', 'not answered']);
      const en = stream("I'm sorry, but I don't have enough information to answer your question.", { recallAnswer: derek });
      expect(en.shown).toBe('I remember your words: "this guy at work derek presented my project".');
    });

    it('an answer counts only in a word the question did not already say', () => {
      // "кота" is the question's own word: saying it back answers nothing.
      expect(stream('Я не знаю, как зовут вашего кота.', { language: 'ru', recallAnswer: cat }).shown).toMatch(/^Помню твои слова/);
      expect(recallAnswer('my dog', 'what is my dog called', 'en')).toBeUndefined();
    });

    it('a reply the person stopped says nothing more', () => {
      const { shown } = stream('I do not know.', { recallAnswer: derek }, { stopped: true });
      expect(shown).toBe('');
    });
  });

  it('takes a heading such as "Ответ:" off the reply\'s start, and keeps a sentence that only starts with the word', () => {
    expect(stream('Ответ: О, я помню. Вы переехали в Казань.', { language: 'ru' }).text).toBe('О, я помню. Вы переехали в Казань.');
    expect(stream('  Answer:I hear you.').shown).toBe('I hear you.');
    expect(stream('Reply to her when you feel ready.').text).toBe('Reply to her when you feel ready.');
    expect(stream('Отв').text).toBe('Отв');
  });

  describe("the person's name", () => {
    it('ends a streamed first sentence with the name when the model leaves it out, and only that sentence', () => {
      const { shown, text, editor } = stream('That sounds really lonely. What did you do after?', { addressAs: 'Marina' });
      expect(shown).toBe('That sounds really lonely, Marina. What did you do after?');
      expect(text).toBe(shown);
      expect(editor.addedName).toBe('Marina');
    });

    it('adds nothing when the first sentence says the name, in any case ending', () => {
      const { text, editor } = stream('Привет, Марину я запомнил! Как дела?', { language: 'ru', addressAs: 'Марина' });
      expect(text).toBe('Привет, Марину я запомнил! Как дела?');
      expect(editor.addedName).toBeUndefined();
    });

    it('puts the name before a question mark, and before the end of a one-sentence reply with no mark', () => {
      expect(stream('Как прошёл твой день?', { language: 'ru', addressAs: 'Дима' }).text).toBe('Как прошёл твой день, Дима?');
      expect(stream('I hear you', { addressAs: 'Sam' }).text).toBe('I hear you, Sam.');
    });

    it('leaves a sentence ending in a quote alone, and never names a reply the person stopped', () => {
      expect(stream('You said "it was fine." I am not sure it was.', { addressAs: 'Sam' }).editor.addedName).toBeUndefined();
      const stopped = stream('I hear you', { addressAs: 'Sam' }, { stopped: true });
      expect(stopped.text).toBe('I hear you');
      expect(stopped.editor.addedName).toBeUndefined();
    });

    it('names the first sentence kept when the first one written is dropped', () => {
      const note = 'Their name is Sam; say it now and then. Reply in English.';
      const { text, editor } = stream('Their name is Sam; say it now and then. That sounds like a long day.', { note, addressAs: 'Sam' });
      expect(editor.dropped.map((d) => d.reason)).toEqual(['note echo']);
      expect(text).toBe('That sounds like a long day, Sam.');
    });

    it("does not name the line Lumio says for a question asked back (the person's own words)", () => {
      const answer = recallAnswer('my cat is called Barsik', 'what is my cat called?', 'en')!;
      const { text, editor } = stream('I do not have that information.', { recallAnswer: answer, addressAs: 'Sam' });
      expect(text).not.toContain('Sam');
      expect(editor.addedName).toBeUndefined();
    });
  });
});
