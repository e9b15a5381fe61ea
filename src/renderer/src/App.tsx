import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Settings, SettingsPatch } from '../../shared/domain.js';
import type { EngineStatus, StorageStatus } from '../../shared/ipc.js';
import type { LumioErrorPayload } from '../../shared/errors.js';
import { call, errorPayload, hasBridge, on } from './lumio.js';
import { I18nContext, STRINGS } from './i18n.js';
import { SettingsContext } from './settings-context.js';
import { TalkScreen } from './screens/TalkScreen.js';
import { HistoryScreen } from './screens/HistoryScreen.js';
import { MemoryScreen } from './screens/MemoryScreen.js';
import { ModelsScreen } from './screens/ModelsScreen.js';
import { SettingsScreen } from './screens/SettingsScreen.js';
import { WelcomeScreen } from './screens/WelcomeScreen.js';
import { EngineBanner } from './components/EngineBanner.js';
import { StorageBanner } from './components/StorageBanner.js';
import { ErrorNote } from './components/ErrorNote.js';

export type Section = 'talk' | 'history' | 'memory' | 'models' | 'settings';
const SECTIONS: Section[] = ['talk', 'history', 'memory', 'models', 'settings'];

export function App(): React.JSX.Element {
  const [settings, setSettings] = useState<Settings | null>(null);
  const settingsRef = useRef(settings);
  // Written after each commit, not during render (React may render and throw the result away).
  useLayoutEffect(() => {
    settingsRef.current = settings;
  }, [settings]);
  const [loadError, setLoadError] = useState<LumioErrorPayload | null>(null);
  const [section, setSection] = useState<Section>('talk');
  const [engine, setEngine] = useState<EngineStatus | null>(null);
  const [storage, setStorage] = useState<StorageStatus | null>(null);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!hasBridge()) {
      setLoadError({ code: 'INTERNAL', message: 'Lumio’s bridge (window.lumio) is missing.' });
      return;
    }
    call('settings.get', {}).then(setSettings, (e: unknown) => setLoadError(errorPayload(e)));
    call('engine.status', {}).then(setEngine, () => undefined);
    call('storage.status', {}).then(setStorage, () => undefined);
    const offEngine = on('engine.status', (e) => setEngine(e.status));
    const offStorage = on('storage.status', (e) => setStorage(e.status));
    return () => {
      offEngine();
      offStorage();
    };
  }, []);

  const update = useCallback(async (patch: SettingsPatch) => {
    // Optimistic: a radio or switch shows its new state at once, not one engine round trip later.
    // (Read from a ref: a state updater may run only at the next render, too late for the catch below.)
    const undo = settingsRef.current;
    // A key the patch names with undefined is not a change.
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<Settings>;
    setSettings((s) => (s ? { ...s, ...changes } : s));
    try {
      setSettings(await call('settings.set', patch));
    } catch (e) {
      // Put back only what this patch changed, so a concurrent change is not undone with it.
      if (undo) {
        const restore = Object.fromEntries(Object.keys(patch).map((k) => [k, undo[k as keyof Settings]]));
        setSettings((s) => (s ? { ...s, ...restore } : s));
      }
      throw e;
    }
  }, []);

  const settingsApi = useMemo(() => (settings ? { settings, update } : null), [settings, update]);
  const lang = settings?.uiLanguage ?? 'en';
  const t = STRINGS[lang];

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const go = useCallback((next: Section) => {
    setSection(next);
    // Move focus to the new screen's heading so keyboard and screen-reader users land in it.
    requestAnimationFrame(() => mainRef.current?.querySelector<HTMLElement>('h1')?.focus());
  }, []);

  if (loadError) {
    return (
      <I18nContext.Provider value={t}>
        <main className="screen centered">
          <ErrorNote error={loadError} />
        </main>
      </I18nContext.Provider>
    );
  }
  // The compiler rule sees `update` (which reads settingsRef in its async body, never in render) inside
  // settingsApi and takes settingsApi for a ref read during render.
  // eslint-disable-next-line react-hooks/refs
  if (!settings || !settingsApi) {
    return <div className="loading" aria-busy="true" aria-label="Lumio" />;
  }

  return (
    <I18nContext.Provider value={t}>
      <SettingsContext.Provider value={settingsApi}>
        {!settings.onboarded ? (
          <WelcomeScreen onDone={() => void update({ onboarded: true })} />
        ) : (
          <div className="app">
            <nav className="sidebar" aria-label={t.nav.label}>
              <div className="brand" aria-hidden="true">
                <span className="brand-dot" />
                {t.appName}
              </div>
              <ul>
                {SECTIONS.map((s) => (
                  <li key={s}>
                    <button type="button" className="nav-item" aria-current={section === s ? 'page' : undefined} onClick={() => go(s)}>
                      {t.nav[s]}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
            <main className="content" ref={mainRef}>
              <StorageBanner status={storage} />
              <EngineBanner status={engine} onOpenModels={() => go('models')} />
              {section === 'talk' && <TalkScreen active={section === 'talk'} />}
              {section === 'history' && <HistoryScreen />}
              {section === 'memory' && <MemoryScreen />}
              {section === 'models' && <ModelsScreen />}
              {section === 'settings' && <SettingsScreen />}
            </main>
          </div>
        )}
      </SettingsContext.Provider>
    </I18nContext.Provider>
  );
}
