import { useEffect, useState } from 'react';
import { ToneSchema, type SettingsPatch } from '../../../shared/domain.js';
import type { LumioErrorPayload } from '../../../shared/errors.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Switch } from '../components/Switch.js';
import { keyLabel, STRINGS, useT } from '../i18n.js';
import { errorPayload } from '../lumio.js';
import { useSettings } from '../settings-context.js';

/** Keys that would break the window (Tab moves focus, Escape closes dialogs) are not allowed as push-to-talk. */
const RESERVED_KEYS = new Set(['Tab', 'Escape', 'Enter', 'NumpadEnter']);

export function SettingsScreen(): React.JSX.Element {
  const t = useT();
  const { settings, update } = useSettings();
  const [problem, setProblem] = useState<LumioErrorPayload | null>(null);
  const [saved, setSaved] = useState(false);
  const [capturing, setCapturing] = useState(false);
  const [mics, setMics] = useState<MediaDeviceInfo[]>([]);
  const [modelsDir, setModelsDir] = useState(settings.modelsDir ?? '');
  const [shortcut, setShortcut] = useState(settings.globalShortcut);

  const save = async (patch: SettingsPatch): Promise<void> => {
    setSaved(false);
    try {
      await update(patch);
      setSaved(true);
    } catch (e) {
      setProblem(errorPayload(e));
    }
  };

  useEffect(() => {
    const list = (): void => {
      void navigator.mediaDevices
        ?.enumerateDevices()
        .then((all) => setMics(all.filter((d) => d.kind === 'audioinput' && d.deviceId !== 'default' && d.deviceId !== '')))
        .catch(() => setMics([]));
    };
    list();
    navigator.mediaDevices?.addEventListener?.('devicechange', list);
    return () => navigator.mediaDevices?.removeEventListener?.('devicechange', list);
  }, []);

  useEffect(() => {
    if (!capturing) return;
    const onKey = (e: KeyboardEvent): void => {
      e.preventDefault();
      e.stopPropagation();
      if (e.code === 'Escape') {
        setCapturing(false);
        return;
      }
      if (RESERVED_KEYS.has(e.code) || e.code === '') return;
      setCapturing(false);
      void save({ pushToTalkKey: e.code });
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [capturing]);

  return (
    <section className="screen settings" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title" tabIndex={-1}>
          {t.settings.title}
        </h1>
        <span className="saved" role="status" aria-live="polite">
          {saved ? t.settings.saved : ''}
        </span>
      </header>
      {problem && <ErrorNote error={problem} onDismiss={() => setProblem(null)} />}

      <fieldset className="card">
        <legend>{t.settings.voice}</legend>
        <div className="choices">
          {(['female', 'male'] as const).map((v) => (
            <label key={v} className="choice">
              <input type="radio" name="voice" value={v} checked={settings.voice === v} onChange={() => void save({ voice: v })} />
              <span>{v === 'female' ? t.settings.female : t.settings.male}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>{t.settings.tone}</legend>
        <div className="choices column">
          {ToneSchema.options.map((tone) => (
            <label key={tone} className="choice described">
              <input
                type="radio"
                name="tone"
                value={tone}
                checked={settings.tone === tone}
                aria-describedby={`tone-${tone}-desc`}
                onChange={() => void save({ tone })}
              />
              <span>
                <span className="choice-title">{t.settings.toneNames[tone]}</span>
                <span id={`tone-${tone}-desc`} className="choice-desc">
                  {t.settings.tones[tone]}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="card grid">
        <label htmlFor="language">{t.settings.language}</label>
        <select
          id="language"
          value={settings.language}
          aria-describedby="language-hint"
          onChange={(e) => void save({ language: e.target.value as 'auto' | 'ru' | 'en' })}
        >
          <option value="auto">{t.settings.auto}</option>
          <option value="ru">{STRINGS.ru.languages.ru}</option>
          <option value="en">{STRINGS.en.languages.en}</option>
        </select>
        <span />
        <span id="language-hint" className="hint">
          {t.settings.languageHint}
        </span>

        <label htmlFor="ui-language">{t.settings.uiLanguage}</label>
        <select id="ui-language" value={settings.uiLanguage} onChange={(e) => void save({ uiLanguage: e.target.value as 'ru' | 'en' })}>
          <option value="en">{STRINGS.en.languages.en}</option>
          <option value="ru">{STRINGS.ru.languages.ru}</option>
        </select>

        <span id="ptt-label">{t.settings.pttKey}</span>
        <div className="inline">
          <kbd aria-labelledby="ptt-label">{keyLabel(settings.pushToTalkKey)}</kbd>
          <button type="button" className="button subtle" aria-describedby="ptt-label" aria-pressed={capturing} onClick={() => setCapturing(true)}>
            {capturing ? t.settings.pttKeyPress : t.settings.pttKeyChange}
          </button>
        </div>

        <label htmlFor="global-shortcut">{t.settings.globalShortcut}</label>
        <div className="inline">
          <input id="global-shortcut" type="text" value={shortcut} maxLength={60} onChange={(e) => setShortcut(e.target.value)} />
          <button
            type="button"
            className="button subtle"
            onClick={() => void save({ globalShortcut: shortcut.trim() })}
            disabled={shortcut.trim() === settings.globalShortcut}
          >
            {t.settings.save}
          </button>
        </div>

        <label htmlFor="microphone">{t.settings.microphone}</label>
        <select id="microphone" value={settings.microphoneId ?? ''} onChange={(e) => void save({ microphoneId: e.target.value || null })}>
          <option value="">{t.settings.defaultMic}</option>
          {mics.map((m, i) => (
            <option key={m.deviceId} value={m.deviceId}>
              {m.label || `${t.settings.microphone} ${i + 1}`}
            </option>
          ))}
        </select>

        <label htmlFor="models-dir">{t.settings.modelsDir}</label>
        <div className="inline">
          <input id="models-dir" type="text" value={modelsDir} aria-describedby="models-dir-hint" onChange={(e) => setModelsDir(e.target.value)} />
          <button
            type="button"
            className="button subtle"
            onClick={() => void save({ modelsDir: modelsDir.trim() || null })}
            disabled={(modelsDir.trim() || null) === settings.modelsDir}
          >
            {t.settings.save}
          </button>
        </div>
        <span />
        <span id="models-dir-hint" className="hint">
          {t.settings.modelsDirHint}
        </span>
      </div>

      <div className="card">
        <Switch id="settings-memory" label={t.settings.memory} checked={settings.memoryEnabled} onChange={(v) => void save({ memoryEnabled: v })} />
      </div>
    </section>
  );
}
