import type { EngineStatus } from '../../../shared/ipc.js';
import { damageAdvice, damageSentence } from '../damage.js';
import { useT } from '../i18n.js';

/**
 * Shown only when the engine is not simply ready: starting, restarting after a crash, missing or
 * damaged models. A damaged model is named here on every screen, even one a turn can do without
 * (the speech detector) or one only some turns use (a voice).
 */
export function EngineBanner(props: { status: EngineStatus | null; onOpenModels: () => void }): React.JSX.Element | null {
  const t = useT();
  const s = props.status;
  if (!s) return null;
  const damaged = s.damaged ?? [];
  if ((s.state === 'ready' || s.state === 'busy') && damaged.length === 0) return null;
  if (s.state === 'ready' || s.state === 'busy' || s.state === 'damaged-models') {
    return (
      <div className="banner banner-damaged" role="status" data-engine-state={s.state}>
        {s.state === 'damaged-models' && <span>{t.engine.damagedModels}</span>}
        <ul className="banner-list">
          {damaged.map((d) => (
            <li key={d.id} data-damaged-model={d.id}>
              {damageSentence(t, d)} {damageAdvice(t, d)}
            </li>
          ))}
        </ul>
        <button type="button" className="button subtle" onClick={props.onOpenModels}>
          {t.engine.openModels}
        </button>
      </div>
    );
  }
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
