import type { Crisis } from '../../../shared/domain.js';
import { useT } from '../i18n.js';

/** Help lines, shown as text as well as spoken. Links are tel: only; the app opens no web pages. */
export function CrisisCard(props: { crisis: Crisis }): React.JSX.Element {
  const t = useT();
  const c = props.crisis;
  return (
    <section className="crisis" aria-labelledby="crisis-title" role="region">
      <h2 id="crisis-title">{t.crisis.title}</h2>
      {/* The caring words are Lumio's reply just below; the card adds what to do, in the window's language. */}
      <p>{t.crisis.body}</p>
      <ul className="helplines">
        {c.helplines.map((h) => (
          <li key={`${h.name}-${h.phone}`}>
            <span className="helpline-name">{h.name}</span>
            <span className="helpline-phone">{h.phone}</span>
            {h.hours && <span className="helpline-hours">{h.hours}</span>}
            {h.url && <span className="helpline-url">{h.url}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
