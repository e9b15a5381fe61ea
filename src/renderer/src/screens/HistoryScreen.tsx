import { useCallback, useEffect, useState } from 'react';
import type { ConversationSummary, ExportFormat, SearchHit, StoredTurn } from '../../../shared/domain.js';
import type { LumioErrorPayload } from '../../../shared/errors.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { MoodBadge } from '../components/MoodBadge.js';
import { dayHeading, groupByDay, localDayKey, snippetParts, timeOfDay } from '../format.js';
import { useT } from '../i18n.js';
import { call, errorPayload } from '../lumio.js';
import { useSettings } from '../settings-context.js';

export function HistoryScreen(): React.JSX.Element {
  const t = useT();
  const lang = useSettings().settings.uiLanguage;
  const [list, setList] = useState<ConversationSummary[] | null>(null);
  const [open, setOpen] = useState<{ summary: ConversationSummary | null; id: string; turns: StoredTurn[] } | null>(null);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [problem, setProblem] = useState<LumioErrorPayload | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'wipe' | 'delete' | null>(null);

  const reload = useCallback(async () => {
    try {
      setList(await call('history.list', { limit: 500 }));
    } catch (e) {
      setProblem(errorPayload(e));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const openConversation = async (id: string): Promise<void> => {
    try {
      const turns = await call('history.get', { conversationId: id });
      setOpen({ summary: list?.find((c) => c.id === id) ?? null, id, turns });
      requestAnimationFrame(() => document.getElementById('conversation-title')?.focus());
    } catch (e) {
      setProblem(errorPayload(e));
    }
  };

  const search = async (): Promise<void> => {
    const q = query.trim();
    if (!q) {
      setHits(null);
      return;
    }
    try {
      setHits(await call('history.search', { query: q, limit: 50 }));
    } catch (e) {
      setProblem(errorPayload(e));
    }
  };

  const exportHistory = async (format: ExportFormat, conversationId?: string): Promise<void> => {
    setMessage(null);
    try {
      const result = await call('history.export', conversationId ? { format, conversationId } : { format });
      if (result) setMessage(t.history.exported(result.path, result.turns));
    } catch (e) {
      setProblem(errorPayload(e));
    }
  };

  /** Reads the JSON file the person picked (the page sees its text, never its path) and merges it. */
  const importFile = async (file: File | undefined): Promise<void> => {
    setMessage(null);
    if (!file) return;
    try {
      const r = await call('history.import', { text: await file.text() });
      setMessage(t.history.imported(r.conversations, r.turns));
      await reload();
    } catch (e) {
      setProblem(errorPayload(e));
    }
  };

  const doDelete = async (): Promise<void> => {
    if (!open) return;
    setConfirm(null);
    try {
      await call('history.delete', { conversationId: open.id });
      setOpen(null);
      setMessage(t.history.deleted);
      await reload();
    } catch (e) {
      setProblem(errorPayload(e));
    }
  };

  const doWipe = async (): Promise<void> => {
    setConfirm(null);
    try {
      await call('history.wipe', { confirm: true });
      setOpen(null);
      setHits(null);
      setQuery('');
      setMessage(t.history.wiped);
      await reload();
    } catch (e) {
      setProblem(errorPayload(e));
    }
  };

  return (
    <section className="screen history" aria-labelledby="history-title">
      <header className="screen-header">
        <h1 id="history-title" tabIndex={-1}>
          {t.history.title}
        </h1>
        <div className="header-actions">
          <button type="button" className="button subtle" onClick={() => void exportHistory('json')} disabled={!list?.length}>
            {t.history.exportAllJson}
          </button>
          <button type="button" className="button subtle" onClick={() => void exportHistory('md')} disabled={!list?.length}>
            {t.history.exportAllMd}
          </button>
          <label className="button subtle">
            {t.history.importJson}
            <input
              type="file"
              accept=".json,application/json"
              className="visually-hidden"
              onChange={(e) => {
                void importFile(e.currentTarget.files?.[0]);
                e.currentTarget.value = '';
              }}
            />
          </label>
        </div>
      </header>

      {problem && <ErrorNote error={problem} onDismiss={() => setProblem(null)} />}
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}

      {open ? (
        <div className="conversation">
          <div className="conversation-bar">
            <button type="button" className="button subtle" onClick={() => setOpen(null)}>
              ← {t.history.back}
            </button>
            <div className="header-actions">
              <button type="button" className="button subtle" onClick={() => void exportHistory('json', open.id)}>
                {t.history.exportJson}
              </button>
              <button type="button" className="button subtle" onClick={() => void exportHistory('md', open.id)}>
                {t.history.exportMd}
              </button>
              <button type="button" className="button subtle danger-text" onClick={() => setConfirm('delete')}>
                {t.history.delete}
              </button>
            </div>
          </div>
          <h2 id="conversation-title" tabIndex={-1}>
            {open.summary?.title ?? open.turns[0]?.userText ?? ''}
          </h2>
          <ol className="turn-list">
            {open.turns.map((turn) => (
              <li key={turn.id} className="exchange" data-turn-id={turn.id}>
                <div className="bubble user">
                  <div className="bubble-meta">
                    <span className="speaker">{t.talk.you}</span>
                    <time dateTime={turn.createdAt}>{timeOfDay(turn.createdAt, lang)}</time>
                    {turn.mood && <MoodBadge mood={turn.mood} crisis={Boolean(turn.crisis)} />}
                  </div>
                  <p>{turn.userText}</p>
                </div>
                <div className="bubble lumio">
                  <div className="bubble-meta">
                    <span className="speaker">{t.talk.lumio}</span>
                    {turn.interrupted && <span className="tag">{t.talk.interrupted}</span>}
                  </div>
                  <p>{turn.replyText}</p>
                  {turn.crisis && <p className="tag crisis-tag">{t.history.crisisTurn}</p>}
                </div>
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <>
          <form
            className="search"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              void search();
            }}
          >
            <label htmlFor="history-search" className="visually-hidden">
              {t.history.search}
            </label>
            <input
              id="history-search"
              type="search"
              value={query}
              placeholder={t.history.search}
              maxLength={200}
              onChange={(e) => {
                setQuery(e.target.value);
                if (!e.target.value) setHits(null);
              }}
            />
            <button type="submit" className="button">
              {t.history.searchButton}
            </button>
            {hits && (
              <button
                type="button"
                className="button subtle"
                onClick={() => {
                  setQuery('');
                  setHits(null);
                }}
              >
                {t.history.clearSearch}
              </button>
            )}
          </form>

          {hits ? (
            hits.length === 0 ? (
              <p className="empty-state">{t.history.noResults}</p>
            ) : (
              <ul className="hits" aria-label={t.history.search}>
                {hits.map((hit) => (
                  <li key={hit.turnId}>
                    <button type="button" className="row" onClick={() => void openConversation(hit.conversationId)}>
                      <span className="row-title">
                        {snippetParts(hit.snippet).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
                      </span>
                      <span className="row-meta">
                        {dayHeading(localDayKey(hit.createdAt), lang, t.history)} · {timeOfDay(hit.createdAt, lang)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )
          ) : list && list.length === 0 ? (
            <p className="empty-state">{t.history.empty}</p>
          ) : (
            groupByDay(list ?? [], (c) => c.updatedAt).map((group) => (
              <section key={group.day} className="day" aria-label={dayHeading(group.day, lang, t.history)}>
                <h2 className="day-heading">{dayHeading(group.day, lang, t.history)}</h2>
                <ul className="rows">
                  {group.items.map((c) => (
                    <li key={c.id}>
                      <button type="button" className="row" onClick={() => void openConversation(c.id)} data-conversation-id={c.id}>
                        <span className="row-title">{c.title}</span>
                        <span className="row-meta">
                          {timeOfDay(c.startedAt, lang)} · {t.history.turns(c.turnCount)}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ))
          )}

          {!hits && list && list.length > 0 && (
            <div className="danger-zone">
              <button type="button" className="button danger-text" onClick={() => setConfirm('wipe')}>
                {t.history.wipe}
              </button>
            </div>
          )}
        </>
      )}

      <ConfirmDialog
        open={confirm === 'wipe'}
        title={t.history.wipeTitle}
        body={t.history.wipeBody}
        confirmLabel={t.history.wipeConfirm}
        cancelLabel={t.history.cancel}
        danger
        onConfirm={() => void doWipe()}
        onCancel={() => setConfirm(null)}
      />
      <ConfirmDialog
        open={confirm === 'delete'}
        title={t.history.deleteTitle}
        body={t.history.deleteBody}
        confirmLabel={t.history.deleteConfirm}
        cancelLabel={t.history.cancel}
        danger
        onConfirm={() => void doDelete()}
        onCancel={() => setConfirm(null)}
      />
    </section>
  );
}
