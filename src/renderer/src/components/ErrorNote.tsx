import type { LumioErrorPayload } from '../../../shared/errors.js';
import { errorHint, errorText } from '../damage.js';
import { useT } from '../i18n.js';

/** An error said plainly, with what to do about it. */
export function ErrorNote(props: { error: LumioErrorPayload; title?: string; onDismiss?: () => void; action?: React.ReactNode }): React.JSX.Element {
  const t = useT();
  const hint = errorHint(t, props.error);
  return (
    <div className="note note-error" role="alert">
      <p className="note-title">{props.title ? `${props.title}: ${errorText(t, props.error)}` : errorText(t, props.error)}</p>
      {/* A damaged model's advice is part of the sentence above. */}
      {hint && <p className="note-hint">{hint}</p>}
      {(props.action || props.onDismiss) && (
        <div className="note-actions">
          {props.action}
          {props.onDismiss && (
            <button type="button" className="button subtle" onClick={props.onDismiss}>
              {t.errors.dismiss}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
