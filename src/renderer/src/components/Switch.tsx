/** An on/off switch: a real checkbox with role="switch", so keyboards and screen readers treat it as one. */
export function Switch(props: { id: string; label: string; checked: boolean; onChange: (value: boolean) => void }): React.JSX.Element {
  return (
    <label className="switch" htmlFor={props.id}>
      <input id={props.id} type="checkbox" role="switch" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-label">{props.label}</span>
    </label>
  );
}
