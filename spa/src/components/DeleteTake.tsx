import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useApi } from '../api/ApiContext';
import type { Take } from '../api/types';
import { useAction } from '../hooks/useAction';
import { count, size, takePeople, takeSize } from '../takes/take-view';
import { Alert } from './Alert';
import { Button } from './Button';

/**
 * **Delete take** (host, a stopped take): asks first, in a dialog named "Delete {title}?" with
 * **Delete** and **Cancel**; the server removes every track from the store. A failure (the store
 * is down) keeps the dialog open with the reason, so Delete can simply be pressed again.
 */
export function DeleteTake({ roomId, take, title, onDeleted }: { roomId: string; take: Take; title: string; onDeleted: (takeId: string) => void }) {
  const api = useApi();
  const action = useAction();
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);

  const close = () => {
    setOpen(false);
    setTimeout(() => trigger.current?.focus(), 0);
  };

  const confirm = () =>
    void action.run(async () => {
      await api.deleteTake(roomId, take.id);
      setOpen(false);
      onDeleted(take.id);
    });

  return (
    <>
      <button ref={trigger} type="button" className="underline text-red-300" onClick={() => setOpen(true)}>
        Delete take
      </button>
      {open && <ConfirmDelete take={take} title={title} pending={action.pending} error={action.error} onConfirm={confirm} onCancel={close} />}
    </>
  );
}

function ConfirmDelete({
  take,
  title,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  take: Take;
  title: string;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  const textId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  // Cancel first: the safe answer is the one a stray Enter gives.
  useEffect(() => dialog.current?.querySelector<HTMLButtonElement>('button[data-cancel]')?.focus(), []);

  const uploading = take.tracks.filter((t) => t.state === 'uploading').length;
  const saved = take.tracks.filter((t) => t.state === 'complete');
  const people = takePeople(take);

  // A modal keeps the keyboard inside: Escape cancels, Tab cycles through its own buttons.
  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !pending) return onCancel();
    if (e.key !== 'Tab') return;
    const buttons = [...(dialog.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? [])];
    if (buttons.length === 0) return;
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.shiftKey ? (at <= 0 ? buttons.length - 1 : at - 1) : at === buttons.length - 1 ? 0 : at + 1;
    e.preventDefault();
    buttons[next]?.focus();
  };

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/70 p-4">
      <div
        ref={dialog}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={textId}
        onKeyDown={keys}
        className="w-full max-w-md space-y-4 rounded-lg border border-neutral-700 bg-neutral-900 p-5 text-sm text-neutral-100"
      >
        <h2 id={titleId} className="text-lg font-semibold">
          Delete {title}?
        </h2>
        <p id={textId}>
          {saved.length > 0 ? `${count(saved.length, 'saved track')} (${size(takeSize(take))})` : 'Every track'}
          {people.length > 0 ? ` of ${people.join(', ')}` : ''} will be deleted from storage
          {uploading > 0 ? `, and ${count(uploading, 'upload')} still under way will be stopped` : ''}. This cannot be undone.
        </p>
        <Alert message={error} />
        <div className="flex justify-end gap-3">
          <Button data-cancel variant="secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <button
            type="button"
            onClick={onConfirm}
            disabled={pending}
            className="rounded-md bg-red-500 px-4 py-2 font-semibold text-neutral-950 hover:bg-red-400 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-red-300 disabled:opacity-50"
          >
            Delete
          </button>
        </div>
      </div>
    </div>
  );
}
