import { useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useApi } from '../api/ApiContext';
import type { Take } from '../api/types';
import { useAction } from '../hooks/useAction';
import { TAKE_NAME_MAX } from '../takes/take-view';
import { Alert } from './Alert';
import { Button } from './Button';
import { Field } from './Field';

/** **Rename take** (host): an inline form with the field **Take name**, **Save** and **Cancel**. */
export function RenameTake({ roomId, take, title, onRenamed }: { roomId: string; take: Take; title: string; onRenamed: (take: Take) => void }) {
  const api = useApi();
  const action = useAction();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);

  const close = () => {
    setEditing(false);
    setProblem(null);
    // back where the person was, once the button is there again
    setTimeout(() => trigger.current?.focus(), 0);
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const wanted = name.normalize('NFC').trim();
    if (!wanted) return setProblem('Give the take a name.');
    if (wanted.length > TAKE_NAME_MAX) return setProblem(`Use at most ${TAKE_NAME_MAX} characters.`);
    setProblem(null);
    void action.run(async () => {
      const { take: renamed } = await api.renameTake(roomId, take.id, wanted);
      onRenamed({ ...take, name: renamed.name });
      close();
    });
  };

  const escape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') close();
  };

  if (!editing) {
    return (
      <button
        ref={trigger}
        type="button"
        className="underline"
        onClick={() => {
          setName(take.name ?? title);
          setEditing(true);
        }}
      >
        Rename take
      </button>
    );
  }
  return (
    <form onSubmit={submit} onKeyDown={escape} aria-label={`Rename ${title}`} aria-busy={action.pending} className="flex flex-wrap items-end gap-2">
      <Alert message={problem ?? action.error} />
      <Field label="Take name" name="takeName" autoFocus maxLength={TAKE_NAME_MAX * 2} value={name} onChange={(e) => setName(e.target.value)} />
      <Button type="submit" disabled={action.pending}>
        Save
      </Button>
      <Button variant="secondary" onClick={close}>
        Cancel
      </Button>
    </form>
  );
}
