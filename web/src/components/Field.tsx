import {
  type FormHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useEffect,
  useState,
} from 'react';

/**
 * A labelled control: the `<label>` wraps its control, so the text names it without an id. `inline` is
 * the filter rows' compact form; `hint` a muted line under the control.
 */
export function Field({
  label,
  hint,
  inline,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  inline?: boolean;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the `children` this label wraps
    <label className={inline ? 'field-inline' : 'field'}>
      <span>{label}</span>
      {children}
      {hint && <small className="muted">{hint}</small>}
    </label>
  );
}

type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  onValue: (value: string) => void;
  ref?: Ref<HTMLInputElement>;
};

/** A text input with the console's style, reporting its new value rather than the change event. */
function TextInput({ value, onValue, className, ...rest }: TextInputProps) {
  return (
    <input
      {...rest}
      className={className ? `input ${className}` : 'input'}
      value={value}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}

/** A labelled text input (`Field` around `TextInput`). */
export function TextField({
  label,
  hint,
  inline,
  ...input
}: TextInputProps & { label: ReactNode; hint?: ReactNode; inline?: boolean }) {
  return (
    <Field label={label} hint={hint} inline={inline}>
      <TextInput {...input} />
    </Field>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  value: string;
  onValue: (value: string) => void;
};

/** A labelled text area (a comment, a reason, pasted text), reporting its new value. */
export function TextAreaField({
  label,
  hint,
  value,
  onValue,
  className,
  ...rest
}: TextAreaProps & { label: ReactNode; hint?: ReactNode }) {
  return (
    <Field label={label} hint={hint}>
      <textarea
        {...rest}
        className={className ? `input ${className}` : 'input'}
        value={value}
        onChange={(e) => onValue(e.target.value)}
      />
    </Field>
  );
}

type SelectProps<V extends string> = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & {
  value: V;
  onValue: (value: V) => void;
  /** `[value, text]` in the order shown; the value reported is one of these. */
  options: readonly (readonly [V, ReactNode])[];
};

/** A labelled choice among fixed `options` (a filter's values, say), reporting the chosen value. */
export function SelectField<V extends string>({
  label,
  hint,
  inline,
  value,
  onValue,
  options,
  className,
  ...rest
}: SelectProps<V> & { label: ReactNode; hint?: ReactNode; inline?: boolean }) {
  return (
    <Field label={label} hint={hint} inline={inline}>
      <select
        {...rest}
        className={className ? `input ${className}` : 'input'}
        value={value}
        onChange={(e) => onValue(e.target.value as V)}
      >
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * A form whose submit calls `onSubmit` in the page rather than loading a new one. An async `onSubmit` is
 * not awaited: it reports its own failure (as `useAction`'s `run` does).
 */
export function Form({
  onSubmit,
  ...rest
}: Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit'> & { onSubmit: () => unknown }) {
  return (
    <form
      {...rest}
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    />
  );
}

/**
 * What a filter field holds before its form is submitted: starts at (and follows) the value in the URL,
 * so Back and a shared link show the filter that is applied.
 */
export function useDraft<T>(applied: T): [T, (value: T) => void] {
  const [draft, setDraft] = useState(applied);
  useEffect(() => setDraft(applied), [applied]);
  return [draft, setDraft];
}
