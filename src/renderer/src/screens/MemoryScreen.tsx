import { useCallback, useEffect, useState } from 'react';
import type { MemoryFact, MemorySummary } from '../../../shared/domain.js';
import type { LumioErrorPayload } from '../../../shared/errors.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Switch } from '../components/Switch.js';
import { dayHeading, localDayKey } from '../format.js';
import { useT } from '../i18n.js';
import { call, errorPayload } from '../lumio.js';
import { useSettings } from '../settings-context.js';

export function MemoryScreen(): React.JSX.Element {
  const t = useT();
  const { settings, update } = useSettings();
  const [facts, setFacts] = useState<MemoryFact[]>([]);
  const [summaries, setSummaries] = useState<MemorySummary[]>([]);
  const [problem, setProblem] = useState<LumioErrorPayload | null>(null);

  const reload = useCallback(async () => {
    try {
      const m = await call('memory.list', {});
      setFacts(m.facts);
      setSummaries(m.summaries);
    } catch (e) {
      setProblem(errorPayload(e));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const forget = async (kind: 'fact' | 'summary', id: string): Promise<void> => {
    try {
      await call('memory.delete', { kind, id });
      await reload();
    } catch (e) {
      setProblem(errorPayload(e));
    }
  };

  return (
    <section className="screen memory" aria-labelledby="memory-title">
      <header className="screen-header">
        <h1 id="memory-title" tabIndex={-1}>
          {t.memory.title}
        </h1>
      </header>
      <p className="lead">{t.memory.intro}</p>
      {problem && <ErrorNote error={problem} onDismiss={() => setProblem(null)} />}
      <div className="card">
        <Switch
          id="memory-enabled"
          label={t.memory.enabled}
          checked={settings.memoryEnabled}
          onChange={(v) => void update({ memoryEnabled: v }).catch((e: unknown) => setProblem(errorPayload(e)))}
        />
        {!settings.memoryEnabled && <p className="hint">{t.memory.off}</p>}
      </div>

      <h2>{t.memory.facts}</h2>
      {facts.length === 0 ? (
        <p className="empty-state small">{t.memory.noFacts}</p>
      ) : (
        <ul className="memory-list">
          {facts.map((f) => (
            <li key={f.id} className="memory-item">
              <span>{f.text}</span>
              <button type="button" className="button subtle" aria-label={t.memory.deleteLabel(f.text)} onClick={() => void forget('fact', f.id)}>
                {t.memory.delete}
              </button>
            </li>
          ))}
        </ul>
      )}

      <h2>{t.memory.summaries}</h2>
      {summaries.length === 0 ? (
        <p className="empty-state small">{t.memory.noSummaries}</p>
      ) : (
        <ul className="memory-list">
          {summaries.map((s) => (
            <li key={s.id} className="memory-item">
              <span>
                <span className="row-meta">{dayHeading(localDayKey(s.updatedAt), settings.uiLanguage, t.history)}</span>
                <br />
                {s.text}
              </span>
              <button
                type="button"
                className="button subtle"
                aria-label={t.memory.deleteLabel(s.text.slice(0, 60))}
                onClick={() => void forget('summary', s.id)}
              >
                {t.memory.delete}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
