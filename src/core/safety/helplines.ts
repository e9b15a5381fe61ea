/**
 * Help lines shown (and read aloud) with a crisis reply. One place, easy to update: each entry cites where
 * the number was checked. Checked on 2026-11-25 through the project's search tool (stored public pages);
 * numbers change, so re-check them before a release.
 */
import type { CrisisCategory } from './crisis-patterns.js';
import type { Language } from '../../shared/domain.js';

export interface Helpline {
  name: string;
  phone: string;
  hours?: string;
  url?: string;
  /** Which crises the line is meant for; absent = any. */
  for?: CrisisCategory[];
}

/** Russia. */
export const RU_HELPLINES: Helpline[] = [
  {
    // Source: tatishhevskij-r64.gosweb.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/novosti_222.html
    // ("единый номер 8-800-2000-122 … с мобильных телефонов по короткому номеру 124 … могут позвонить все, кому
    // нужна психологическая помощь"); free and anonymous per sosh9-nowch.edu21.cap.ru (news 2023-05-16).
    name: 'Телефон доверия (единый общероссийский, бесплатно, анонимно; звонить могут и взрослые)',
    phone: '8-800-2000-122',
    hours: 'круглосуточно в большинстве регионов',
  },
  {
    // Source: same gosuslugi page as above (short number from mobile phones since the end of 2021).
    name: 'Тот же телефон доверия, короткий номер с мобильного',
    phone: '124',
  },
  {
    // Source: newsvo.ru/news/146115 ("Всероссийский телефон доверия для женщин работает ежедневно и круглосуточно:
    // 8-800-7000-600"); gazeta.ru 2025-09-25 also calls it round-the-clock. An older listing gave 7:00–21:00.
    name: 'Всероссийский телефон доверия для женщин, пострадавших от насилия (центр «Анна»)',
    phone: '8-800-7000-600',
    hours: 'ежедневно',
    for: ['abuse'],
  },
  {
    // Source: mos.ru/news/item/76999073 (Московская служба психологической помощи населению: 051 с городского,
    // 8 495 051 с мобильного, круглосуточно). Moscow only.
    name: 'Экстренная психологическая помощь (Москва)',
    phone: '051 (с мобильного 8-495-051)',
    hours: 'круглосуточно',
  },
  {
    // Single emergency number in Russia (also listed with 03 for ambulance, e.g. in the Moscow helpline roundup
    // quoted on cz.griego-medical.com/besplatnaja-psihologicheskaja-pomoshh-po-telefonu.htm).
    name: 'Экстренные службы',
    phone: '112',
    hours: 'круглосуточно',
  },
];

/** Anywhere: the directory plus the emergency number. */
export const INTERNATIONAL_HELPLINES: Helpline[] = [
  {
    // Find A Helpline, run by ThroughLine: a verified directory of free helplines in 130+ countries
    // (sources: developer.throughlinecare.com/general; lifeline-international.com article "From Idea to Impact:
    // How ThroughLine is Bridging the Gap in Global Crisis Support", April 2024).
    name: 'Find A Helpline — free, confidential helplines in your country',
    phone: '—',
    url: 'https://findahelpline.com',
  },
  {
    // 112 works across the EU and in Russia; 911 in North America. The directory above lists the local numbers.
    name: 'Local emergency number (112 in Europe and Russia, 911 in the US and Canada)',
    phone: '112 / 911',
  },
];

/** Lines for a category, in the order they are offered. Russian speakers get Russian lines plus the directory. */
export function helplinesFor(category: CrisisCategory, language: Language): Helpline[] {
  const fits = (h: Helpline): boolean => !h.for || h.for.includes(category);
  if (language === 'ru') {
    return [
      ...RU_HELPLINES.filter(fits),
      { ...INTERNATIONAL_HELPLINES[0]!, name: 'Find A Helpline — если вы не в России: бесплатные линии помощи вашей страны' },
    ];
  }
  return INTERNATIONAL_HELPLINES.filter(fits);
}
