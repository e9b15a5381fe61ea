import type { LumioErrorPayload } from '../../../shared/errors.js';
import { errorText } from '../damage.js';
import { useT } from '../i18n.js';

/** An error said plainly, with what to do about it. */
export function ErrorNote(props: { error: LumioErrorPayload; onDismiss?: () => void; action?: React.ReactNode }): React.JSX.Element {
  const t = useT();
  return (
    <div className="note note-error" role="alert">
      <p className="note-title">{errorText(t, props.error)}</p>
      {/* A damaged model's advice is part of the sentence above, in the person's language. */}
      {props.error.hint && !props.error.model && <p className="note-hint">{props.error.hint}</p>}
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
