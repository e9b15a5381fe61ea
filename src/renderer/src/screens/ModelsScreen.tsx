import { useCallback, useEffect, useState } from 'react';
import type { ModelStatus, ModelsOverview } from '../../../shared/ipc.js';
import type { LumioErrorPayload } from '../../../shared/errors.js';
import type { ModelRole } from '../../../shared/models.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { formatBytes } from '../format.js';
import { useT } from '../i18n.js';
import { call, errorPayload, on } from '../lumio.js';
import { applyProgress, effectiveState, licenceWarning, missingDefaults, type LiveProgress } from '../models-state.js';
import { damageAdvice, damageSentence, errorText } from '../damage.js';
import { useSettings } from '../settings-context.js';

const ROLES: ModelRole[] = ['stt', 'llm', 'tts', 'vad'];

/** Loads models.list and keeps it live with models.progress events. Shared with the first-run screen. */
export function useModels(): {
  overview: ModelsOverview | null;
  live: LiveProgress;
  problem: LumioErrorPayload | null;
  setProblem: (p: LumioErrorPayload | null) => void;
  reload: () => Promise<void>;
} {
  const [overview, setOverview] = useState<ModelsOverview | null>(null);
  const [live, setLive] = useState<LiveProgress>({});
  const [problem, setProblem] = useState<LumioErrorPayload | null>(null);
  const reload = useCallback(async () => {
    try {
      setOverview(await call('models.list', {}));
      setLive({});
    } catch (e) {
      setProblem(errorPayload(e));
    }
  }, []);
  useEffect(() => {
    void reload();
    return on('models.progress', (e) => {
      setLive((l) => applyProgress(l, e));
      if (e.state === 'failed' && e.error) setProblem(e.error);
      if (e.state === 'installed' || e.state === 'failed' || e.state === 'cancelled') void reload();
    });
  }, [reload]);
  return { overview, live, problem, setProblem, reload };
}

export function ModelsScreen(): React.JSX.Element {
  const t = useT();
  const lang = useSettings().settings.uiLanguage;
  const { overview, live, problem, setProblem, reload } = useModels();

  const act = async (fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      setProblem(errorPayload(e));
      await reload();
    }
  };

  const defaults = overview ? missingDefaults(overview, live) : { ids: [], bytes: 0 };
  const catalogIds = new Set(overview?.catalog.map((m) => m.id));
  const extraInstalled = overview?.installed.filter((m) => !m.catalogId || !catalogIds.has(m.catalogId)) ?? [];
  // Damaged models that are not in the catalog (hand-placed, test models): named, with no Repair.
  const extraDamaged = overview?.damaged.filter((d) => !catalogIds.has(d.id)) ?? [];

  return (
    <section className="screen models" aria-labelledby="models-title">
      <header className="screen-header">
        <h1 id="models-title" tabIndex={-1}>
          {t.models.title}
        </h1>
        {defaults.ids.length > 0 && (
          <button type="button" className="button primary" onClick={() => void act(() => call('models.download', { ids: defaults.ids }))}>
            {t.models.downloadDefaults(formatBytes(defaults.bytes, lang))}
          </button>
        )}
      </header>
      <p className="lead">{t.models.intro}</p>
      {problem && <ErrorNote error={problem} onDismiss={() => setProblem(null)} />}
      {overview && (
        <div className="card facts-card">
          <p>
            <span className="row-meta">{t.models.folder}</span>
            <br />
            <code>{overview.modelsDir}</code>
          </p>
          <p className="row-meta">
            {t.models.free(formatBytes(overview.freeMemoryBytes, lang), overview.freeDiskBytes === null ? null : formatBytes(overview.freeDiskBytes, lang))}
          </p>
          <p className={overview.missingRoles.length || overview.damaged.length ? 'warn' : 'ok'} role="status">
            {overview.missingRoles.length
              ? t.models.missingRoles(overview.missingRoles.map((r) => t.models.roles[r as ModelRole] ?? r).join(', '))
              : overview.damaged.length
                ? t.models.needRepair(overview.damaged.length)
                : t.models.ready}
          </p>
        </div>
      )}

      {ROLES.map((role) => {
        const models = overview?.catalog.filter((m) => m.role === role) ?? [];
        const extras = extraInstalled.filter((m) => m.role === role);
        const broken = extraDamaged.filter((d) => d.role === role);
        if (models.length === 0 && extras.length === 0 && broken.length === 0) return null;
        return (
          <section key={role} className="model-group" aria-labelledby={`role-${role}`}>
            <h2 id={`role-${role}`}>{t.models.roles[role]}</h2>
            <ul className="model-list">
              {models.map((m) => (
                <ModelRow key={m.id} model={m} state={effectiveState(m, live)} act={act} />
              ))}
              {extras.map((m) => (
                <li key={m.id} className="model" data-model-id={m.id} data-state="installed">
                  <div className="model-main">
                    <span className="model-name">{m.name}</span>
                    {m.synthetic && <span className="tag">{t.models.synthetic}</span>}
                    <span className="tag ok">{t.models.installed}</span>
                  </div>
                  <p className="row-meta">
                    {m.languages.join(', ')} · {formatBytes(m.sizeBytes, lang)}
                  </p>
                </li>
              ))}
              {broken.map((d) => (
                <li key={d.id} className="model" data-model-id={d.id} data-state="damaged">
                  <div className="model-main">
                    <span className="model-name">{d.name}</span>
                    <span className="tag state-damaged">{t.models.damaged}</span>
                  </div>
                  <p className="turn-error" role="status">
                    {damageSentence(t, d)} {damageAdvice(t, d)}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}

function ModelRow(props: {
  model: ModelStatus;
  state: { state: string; received: number; total: number | null };
  act: (fn: () => Promise<unknown>) => Promise<void>;
}): React.JSX.Element {
  const t = useT();
  const lang = useSettings().settings.uiLanguage;
  const { model: m, state: s, act } = props;
  const stateLabel =
    s.state === 'installed'
      ? t.models.installed
      : s.state === 'downloading'
        ? t.models.downloading
        : s.state === 'verifying'
          ? t.models.verifying
          : s.state === 'paused'
            ? t.models.paused
            : s.state === 'failed'
              ? t.models.failed
              : s.state === 'damaged'
                ? t.models.damaged
                : t.models.missing;
  const showProgress = s.state === 'downloading' || s.state === 'paused' || s.state === 'verifying';
  const percent = s.total ? Math.min(100, Math.round((s.received / s.total) * 100)) : null;
  return (
    <li className="model" data-model-id={m.id} data-state={s.state}>
      <div className="model-main">
        <span className="model-name">{m.name}</span>
        {m.default && <span className="tag">{t.models.default}</span>}
        <span className={`tag state-${s.state}`}>{stateLabel}</span>
      </div>
      <p className="model-desc">{m.description[lang]}</p>
      <p className="row-meta">
        {m.languages.join(', ')}
        {m.gender ? ` · ${m.gender === 'female' ? t.settings.female : t.settings.male}` : ''} · {t.models.size}{' '}
        {m.sizeBytes === null ? t.models.unknownSize : formatBytes(m.sizeBytes, lang)}
        {m.memoryBytes !== null ? ` · ${t.models.memory} ${formatBytes(m.memoryBytes, lang)}` : ''}
      </p>
      <p className={`row-meta licence licence-${m.commercialUse}`} data-commercial-use={m.commercialUse}>
        {t.models.licence}: {m.license} · <strong>{t.models.commercial[m.commercialUse]}</strong>
      </p>
      {licenceWarning(m) && (
        <p className="warn licence-warning" role="note">
          {t.models.notShippable}
          {m.licenseNote && <span className="row-meta"> {m.licenseNote[lang]}</span>}
        </p>
      )}
      {(m.unverifiedFiles > 0 || m.unpinnedFiles > 0) && (
        <p className="row-meta">
          {m.unverifiedFiles > 0 ? t.models.unverified(m.unverifiedFiles) : ''} {m.unpinnedFiles > 0 ? t.models.unpinned : ''}
        </p>
      )}
      {s.state === 'damaged' && m.damage && (
        <p className="turn-error" role="status">
          {damageSentence(t, m.damage)}
        </p>
      )}
      {showProgress && (
        <div className="progress-row">
          <progress
            max={100}
            value={percent ?? undefined}
            aria-label={t.models.progress(m.name)}
            aria-valuetext={percent === null ? undefined : `${percent}%`}
          />
          <span className="row-meta" aria-hidden="true">
            {formatBytes(s.received, lang)}
            {s.total ? ` / ${formatBytes(s.total, lang)}` : ''}
          </span>
        </div>
      )}
      <div className="model-actions">
        {s.state === 'damaged' && (
          <button
            type="button"
            className="button primary"
            aria-label={t.models.repairLabel(m.name)}
            onClick={() => void act(() => call('models.download', { ids: [m.id] }))}
          >
            {t.models.repair}
          </button>
        )}
        {(s.state === 'missing' || s.state === 'failed') && (
          <button
            type="button"
            className="button"
            aria-label={`${t.models.download}: ${m.name}`}
            onClick={() => void act(() => call('models.download', { ids: [m.id] }))}
          >
            {t.models.download}
          </button>
        )}
        {s.state === 'downloading' && (
          <button
            type="button"
            className="button"
            aria-label={`${t.models.pause}: ${m.name}`}
            onClick={() => void act(() => call('models.pause', { id: m.id }))}
          >
            {t.models.pause}
          </button>
        )}
        {s.state === 'paused' && (
          <button
            type="button"
            className="button"
            aria-label={`${t.models.resume}: ${m.name}`}
            onClick={() => void act(() => call('models.download', { ids: [m.id] }))}
          >
            {t.models.resume}
          </button>
        )}
        {(s.state === 'downloading' || s.state === 'paused') && (
          <button
            type="button"
            className="button subtle"
            aria-label={`${t.models.cancel}: ${m.name}`}
            onClick={() => void act(() => call('models.cancel', { id: m.id }))}
          >
            {t.models.cancel}
          </button>
        )}
      </div>
      {m.error && s.state === 'failed' && <p className="turn-error">{errorText(t, m.error)}</p>}
    </li>
  );
}
