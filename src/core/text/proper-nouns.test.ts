import { describe, expect, it } from 'vitest';
import { namesIn, placesIn } from './proper-nouns.js';

describe('namesIn', () => {
  it('finds lower-case English names, with a possessive, and not ordinary words that are names too', () => {
    expect(namesIn('me and tom broke up on sunday', 'en')).toEqual(['tom']);
    expect(namesIn("my flatmate jess ate my leftovers, it was jess's fault", 'en')).toEqual(['jess']);
    expect(namesIn('i will see if may or june works, mark my words', 'en')).toEqual([]);
  });

  it('finds Russian names in their case forms, diminutives and pets as told', () => {
    expect(namesIn('назвали варварой варя в честь бабушки', 'ru')).toEqual(['варвара', 'варя']);
    expect(namesIn('видела катю и игоря, а потом андрею позвонила', 'ru')).toEqual(['катя', 'игорь', 'андрей']);
    expect(namesIn('сижу на кухне с мурзиком', 'ru')).toEqual(['мурзик']);
    expect(namesIn('встретила ивана', 'ru')).toEqual(['иван']);
  });

  it('does not take common Russian words for a name in a case form', () => {
    expect(namesIn('позвонила жене, люди говорят, я тону в делах', 'ru')).toEqual([]);
    expect(namesIn('ром и колбаса', 'ru')).toEqual([]);
  });
});

describe('placesIn', () => {
  it('finds English places, of one word or more, and not ordinary words', () => {
    expect(placesIn('two weeks in crete in august', 'en')).toEqual(['crete']);
    expect(placesIn('a job in leeds, then maybe new york', 'en')).toEqual(['leeds', 'york', 'new york']);
    expect(placesIn('that was nice, i was reading in the bath', 'en')).toEqual([]);
  });

  it('finds Russian places in their case forms', () => {
    expect(placesIn('из омска четыре дня ехали', 'ru')).toEqual(['омск']);
    expect(placesIn('жили в казани, летим в турцию, потом в москву', 'ru')).toEqual(['казань', 'турция', 'москва']);
    expect(placesIn('уф, нижний ящик', 'ru')).toEqual([]);
  });
});
