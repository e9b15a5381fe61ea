import type { Mood } from '../../../shared/domain.js';
import { useT, type Strings } from '../i18n.js';

/** A voice this far from the person's usual (−1…1) is worth a word; the core's fusion uses the same line. */
const NOTICEABLE_VOICE_AROUSAL = 0.4;

/**
 * The mood's line in the window's language, from the mood's label and the voice's arousal (the
 * core's own summary is in the language of the turn, which may not be the window's).
 */
export function moodLine(t: Strings, m: Mood, crisis: boolean): string {
  const head = crisis ? t.mood.hardMoment : t.mood.sounds[m.label];
  const a = m.voice?.arousal;
  if (a === undefined || Math.abs(a) < NOTICEABLE_VOICE_AROUSAL) return head;
  return `${head}; ${a > 0 ? t.mood.voiceHigh : t.mood.voiceLow}`;
}

/** A gentle word for the mood heard in a turn; the line and "not a diagnosis" note are in the tooltip and for screen readers. */
export function MoodBadge(props: { mood: Mood; crisis?: boolean }): React.JSX.Element {
  const t = useT();
  const m = props.mood;
  const name = t.mood.names[m.label];
  const detail = moodLine(t, m, props.crisis ?? false);
  return (
    <span className={`mood mood-${m.label}`} title={`${detail}. ${t.mood.note}`} data-mood={m.label}>
      <span className="mood-dot" aria-hidden="true" />
      <span className="visually-hidden">{t.mood.label}: </span>
      {name}
      <span className="visually-hidden">
        {' '}
        ({detail}). {t.mood.note}
      </span>
    </span>
  );
}
