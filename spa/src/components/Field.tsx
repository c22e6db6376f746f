import { useId } from 'react';
import type { InputHTMLAttributes } from 'react';

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: string;
  hint?: string;
};

/** A labelled input: the label's text is the field's accessible name. */
export function Field({ label, hint, className, ...input }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-neutral-200">
        {label}
      </label>
      <input
        id={id}
        aria-describedby={hintId}
        className="block w-full rounded-md border border-neutral-700 bg-neutral-900 px-3 py-2 text-neutral-100 placeholder:text-neutral-500 focus:border-sky-400 focus:outline-none focus:ring-2 focus:ring-sky-400/40 disabled:opacity-60"
        {...input}
      />
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-neutral-400">
          {hint}
        </p>
      )}
    </div>
  );
}
