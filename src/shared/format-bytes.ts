/**
 * Sizes the way people read them: "1.4 GB", "820 MB" (Russian: "1,4 ГБ"), by Intl for the decimal
 * sign. One helper for the UI and the CLI; no import beyond the language's name.
 */
export function formatBytes(bytes: number | null | undefined, lang: 'ru' | 'en' = 'en'): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const units = lang === 'ru' ? ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'] : ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value >= 100 || unit === 0 ? 0 : 1;
  const text = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(value);
  return `${text} ${units[unit]}`;
}
