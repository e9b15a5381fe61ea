import { useState } from 'react';
import { ErrorNote } from '../components/ErrorNote.js';
import { formatBytes } from '../format.js';
import { STRINGS, useT } from '../i18n.js';
import { call, errorPayload } from '../lumio.js';
import { licenceWarning, missingDefaults } from '../models-state.js';
import { useSettings } from '../settings-context.js';
import { useModels } from './ModelsScreen.js';

/** First run: what Lumio does with your voice (nothing leaves the computer) and the default models to fetch. */
export function WelcomeScreen(props: { onDone: () => void }): React.JSX.Element {
  const t = useT();
  const { settings, update } = useSettings();
  const { overview, problem, setProblem } = useModels();
  const [busy, setBusy] = useState(false);
  const defaults = overview ? missingDefaults(overview) : null;

  const start = async (): Promise<void> => {
    setBusy(true);
    try {
      if (defaults && defaults.ids.length > 0) await call('models.download', { ids: defaults.ids });
      props.onDone();
    } catch (e) {
      setProblem(errorPayload(e));
      setBusy(false);
    }
  };

  return (
    <main className="welcome" aria-labelledby="welcome-title">
      <div className="welcome-card">
        <div className="welcome-lang" role="group" aria-label={t.settings.uiLanguage}>
          {(['en', 'ru'] as const).map((l) => (
            <button key={l} type="button" className="button subtle" aria-pressed={settings.uiLanguage === l} onClick={() => void update({ uiLanguage: l })}>
              {STRINGS[l].languages[l]}
            </button>
          ))}
        </div>
        <div className="welcome-mark" aria-hidden="true" />
        <h1 id="welcome-title">{t.welcome.title}</h1>
        <p className="lead">{t.welcome.lead}</p>
        <ul className="privacy">
          <li>{t.welcome.privacy1}</li>
          <li>{t.welcome.privacy2}</li>
          <li>{t.welcome.privacy3}</li>
        </ul>
        {problem && <ErrorNote error={problem} onDismiss={() => setProblem(null)} />}
        {defaults && defaults.ids.length > 0 ? (
          <>
            <p>{t.welcome.needs}</p>
            <ul className="welcome-models">
              {overview?.catalog
                .filter((m) => defaults.ids.includes(m.id))
                .map((m) => (
                  <li key={m.id}>
                    <span>
                      {m.name}
                      {licenceWarning(m) && <span className="tag licence-tag"> {t.models.commercial[m.commercialUse]}</span>}
                    </span>
                    <span className="row-meta">{m.sizeBytes === null ? t.models.unknownSize : formatBytes(m.sizeBytes, settings.uiLanguage)}</span>
                  </li>
                ))}
            </ul>
            <p className="total">{t.welcome.total(formatBytes(defaults.bytes, settings.uiLanguage))}</p>
            <div className="welcome-actions">
              <button type="button" className="button subtle" onClick={props.onDone} disabled={busy}>
                {t.welcome.later}
              </button>
              <button type="button" className="button primary" onClick={() => void start()} disabled={busy}>
                {t.welcome.start}
              </button>
            </div>
          </>
        ) : (
          <div className="welcome-actions">
            <button type="button" className="button primary" onClick={props.onDone} disabled={!overview && !problem}>
              {t.welcome.haveModels}
            </button>
          </div>
        )}
      </div>
    </main>
  );
}
