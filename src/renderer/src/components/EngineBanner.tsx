import type { EngineStatus } from '../../../shared/ipc.js';
import { useT } from '../i18n.js';

/** Shown only when the engine is not simply ready: starting, restarting after a crash, or missing models. */
export function EngineBanner(props: { status: EngineStatus | null; onOpenModels: () => void }): React.JSX.Element | null {
  const t = useT();
  const s = props.status;
  if (!s || s.state === 'ready' || s.state === 'busy') return null;
  const text =
    s.state === 'missing-models'
      ? t.engine.missingModels
      : s.state === 'crashed' || s.state === 'restarting'
        ? t.engine.restarting
        : s.state === 'loading'
          ? t.engine.loading
          : t.engine.starting;
  return (
    <div className={`banner banner-${s.state}`} role="status" data-engine-state={s.state}>
      <span>{text}</span>
      {s.stage && (s.state === 'loading' || s.state === 'starting') && (
        <span className="banner-detail">
          {t.engine.stages[s.stage]}
          {s.detail ? ` (${s.detail})` : ''}
        </span>
      )}
      {s.state === 'missing-models' && (
        <button type="button" className="button subtle" onClick={props.onOpenModels}>
          {t.engine.openModels}
        </button>
      )}
    </div>
  );
}
