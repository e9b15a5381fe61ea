import type { Mood } from '../../../shared/domain.js';
import { useT } from '../i18n.js';

/** A gentle word for the mood heard in a turn; the summary and "not a diagnosis" note are in the tooltip and for screen readers. */
export function MoodBadge(props: { mood: Mood }): React.JSX.Element {
  const t = useT();
  const m = props.mood;
  const name = t.mood.names[m.label];
  const detail = [m.summary, m.voice?.summary].filter(Boolean).join(' · ');
  return (
    <span className={`mood mood-${m.label}`} title={`${detail ? `${detail}. ` : ''}${t.mood.note}`} data-mood={m.label}>
      <span className="mood-dot" aria-hidden="true" />
      <span className="visually-hidden">{t.mood.label}: </span>
      {name}
      {detail && <span className="visually-hidden"> ({detail}). {t.mood.note}</span>}
    </span>
  );
}
