import { describe, it, expect } from 'vitest';
import { countOf, dayHeading, formatBytes, groupByDay, localDayKey, snippetParts } from './format.js';

describe('formatBytes', () => {
  it('reads like people write sizes, in both languages', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_400_000_000)).toBe('1.4 GB');
    expect(formatBytes(820_000_000)).toBe('820 MB');
    expect(formatBytes(1_400_000_000, 'ru')).toBe('1,4 ГБ');
    expect(formatBytes(null)).toBe('—');
  });
});

describe('groupByDay', () => {
  it('puts the newest day first and keeps order within a day', () => {
    const a = { id: 'a', at: new Date(2026, 10, 24, 9).toISOString() };
    const b = { id: 'b', at: new Date(2026, 10, 25, 8).toISOString() };
    const c = { id: 'c', at: new Date(2026, 10, 25, 20).toISOString() };
    const groups = groupByDay([c, b, a], (x) => x.at);
    expect(groups.map((g) => g.day)).toEqual(['2026-11-25', '2026-11-24']);
    expect(groups[0]?.items.map((x) => x.id)).toEqual(['c', 'b']);
  });
});

describe('dayHeading', () => {
  it('says today and yesterday, and spells out older days', () => {
    const now = new Date(2026, 10, 25, 12);
    const words = { today: 'Today', yesterday: 'Yesterday' };
    expect(dayHeading(localDayKey(now.toISOString()), 'en', words, now)).toBe('Today');
    expect(dayHeading('2026-11-24', 'en', words, now)).toBe('Yesterday');
    expect(dayHeading('2026-11-02', 'en', words, now)).toMatch(/2 November 2026/);
  });
});

describe('snippetParts', () => {
  it('marks the [matches]', () => {
    expect(snippetParts('I [walked] by the [sea]')).toEqual([
      { text: 'I ', match: false },
      { text: 'walked', match: true },
      { text: ' by the ', match: false },
      { text: 'sea', match: true },
    ]);
    expect(snippetParts('plain')).toEqual([{ text: 'plain', match: false }]);
  });
});

describe('countOf', () => {
  it('picks the plural form by Intl.PluralRules', () => {
    const forms = { one: 'реплика', few: 'реплики', many: 'реплик', other: 'реплики' };
    expect([1, 2, 5, 11, 21, 22, 25, 111].map((n) => countOf(n, 'ru', forms))).toEqual([
      '1 реплика',
      '2 реплики',
      '5 реплик',
      '11 реплик',
      '21 реплика',
      '22 реплики',
      '25 реплик',
      '111 реплик',
    ]);
    expect(countOf(1, 'en', { one: 'turn', other: 'turns' })).toBe('1 turn');
    expect(countOf(1200, 'en', { one: 'turn', other: 'turns' })).toBe('1,200 turns');
  });
});
