import { useState } from 'react';
import type { StorageStatus } from '../../../shared/ipc.js';
import type { LumioErrorPayload } from '../../../shared/errors.js';
import { useT } from '../i18n.js';
import { call, errorPayload } from '../lumio.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { ErrorNote } from './ErrorNote.js';

/**
 * Says what is wrong with the history when something is: damaged (export what can be read, then
 * start afresh beside it), read-only or full (read and export only), turns waiting for a lock,
 * and what Lumio set right at start. Nothing is shown while all is well.
 */
export function StorageBanner(props: { status: StorageStatus | null }): React.JSX.Element | null {
  const t = useT();
  const [confirm, setConfirm] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<LumioErrorPayload | null>(null);
  const [dismissed, setDismissed] = useState<string[]>([]);
  const s = props.status;
  if (!s) return null;
  const notices = s.notices.filter((n) => !dismissed.includes(n.message));

  const exportReadable = async (): Promise<void> => {
    try {
      await call('history.export', { format: 'json' });
    } catch (e) {
      setProblem(errorPayload(e));
    }
  };
  const startFresh = async (): Promise<void> => {
    setConfirm(false);
    try {
      const r = await call('storage.recover', { confirm: true });
      setDone(t.storage.freshDone(r.turns, r.unreadableTurns, r.keptAs));
    } catch (e) {
      setProblem(errorPayload(e));
    }
  };

  const full = s.problem?.code === 'DISK_FULL';
  return (
    <div className="storage-notes" data-storage-state={s.state}>
      {s.state === 'damaged' && (
        <div className="banner banner-history-damaged" role="alert">
          <div>
            <strong>{t.storage.damagedTitle}</strong>
            <p>{t.storage.damagedBody}</p>
          </div>
          <div className="note-actions">
            <button type="button" className="button subtle" onClick={() => void exportReadable()}>
              {t.storage.exportReadable}
            </button>
            <button type="button" className="button" onClick={() => setConfirm(true)}>
              {t.storage.startFresh}
            </button>
          </div>
        </div>
      )}
      {s.state === 'read-only' && (
        <div className="banner banner-read-only" role="status">
          <strong>{full ? t.storage.diskFullTitle : t.storage.readOnlyTitle}</strong>
          <p>{full ? t.storage.diskFullBody : t.storage.readOnlyBody}</p>
        </div>
      )}
      {s.state === 'unavailable' && s.problem && <ErrorNote error={s.problem} title={t.storage.unavailableTitle} />}
      {s.unsavedTurns > 0 && (
        <p className="banner" role="status">
          {t.storage.unsaved(s.unsavedTurns)}
        </p>
      )}
      {notices.map((n) => (
        <ErrorNote key={n.message} error={n} onDismiss={() => setDismissed((d) => [...d, n.message])} />
      ))}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {problem && <ErrorNote error={problem} onDismiss={() => setProblem(null)} />}
      <ConfirmDialog
        open={confirm}
        title={t.storage.freshTitle}
        body={t.storage.freshBody}
        confirmLabel={t.storage.freshConfirm}
        cancelLabel={t.storage.cancel}
        onConfirm={() => void startFresh()}
        onCancel={() => setConfirm(false)}
      />
    </div>
  );
}
