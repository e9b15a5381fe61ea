import type { Language } from '../../shared/domain.js';

export { formatBytes } from '../../shared/format-bytes.js';

export function locale(lang: Language): string {
  return lang === 'ru' ? 'ru-RU' : 'en-GB';
}

/** A count with its noun in the language's plural form (Intl.PluralRules: Russian has one, few and many). */
export function countOf(n: number, lang: Language, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  const rule = new Intl.PluralRules(locale(lang)).select(n);
  return `${new Intl.NumberFormat(locale(lang)).format(n)} ${forms[rule] ?? forms.other}`;
}

/** A wait in seconds with one decimal, in the language's own way ("1.8 s", "1,8 с"), by Intl. */
export function formatSeconds(ms: number, lang: Language): string {
  return new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'narrow',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(ms / 1000);
}

/** The local calendar day of an ISO timestamp, as YYYY-MM-DD. */
export function localDayKey(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Groups items by local day, newest day first, keeping the items' order inside a day. */
export function groupByDay<T>(items: readonly T[], dateOf: (item: T) => string): Array<{ day: string; items: T[] }> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = localDayKey(dateOf(item));
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.entries()].sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0)).map(([day, list]) => ({ day, items: list }));
}

/** "Today", "Yesterday" or a written-out date in the UI language. */
export function dayHeading(day: string, lang: Language, words: { today: string; yesterday: string }, now: Date = new Date()): string {
  const today = localDayKey(now.toISOString());
  const y = new Date(now);
  y.setDate(y.getDate() - 1);
  if (day === today) return words.today;
  if (day === localDayKey(y.toISOString())) return words.yesterday;
  const [yy, mm, dd] = day.split('-').map(Number);
  const date = new Date(yy ?? 1970, (mm ?? 1) - 1, dd ?? 1);
  return date.toLocaleDateString(lang === 'ru' ? 'ru-RU' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

export function timeOfDay(iso: string, lang: Language): string {
  return new Date(iso).toLocaleTimeString(lang === 'ru' ? 'ru-RU' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** Splits a search snippet with [matches] into plain and marked parts for <mark>. */
export function snippetParts(snippet: string): Array<{ text: string; match: boolean }> {
  const parts: Array<{ text: string; match: boolean }> = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > last) parts.push({ text: snippet.slice(last, m.index), match: false });
    parts.push({ text: m[1] ?? '', match: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), match: false });
  return parts;
}
