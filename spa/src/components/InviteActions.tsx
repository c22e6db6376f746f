import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import { inviteLink } from '../rooms/inviteLink';
import { useAction } from '../hooks/useAction';
import { Button } from './Button';

/**
 * The host's invite buttons: copy the link, or replace it with a new one (after a kick, say),
 * which stops the old link at once. `onStatus` gets the sentence to read out.
 */
export function InviteActions({
  roomId,
  inviteCode,
  describedBy,
  onStatus,
}: {
  roomId: string;
  inviteCode: string;
  describedBy: string;
  onStatus: (sentence: string) => void;
}) {
  const api = useApi();
  const renew = useAction();
  const [code, setCode] = useState(inviteCode);
  const link = inviteLink(window.location.origin, code);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      onStatus('Invite link copied.');
    } catch {
      onStatus(`Copy this invite link: ${link}`);
    }
  };

  const replace = () =>
    renew.run(async () => {
      const { room } = await api.newInvite(roomId);
      if (room.inviteCode) setCode(room.inviteCode);
      onStatus('New invite link made. The old link no longer works.');
    });

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        <Button variant="secondary" aria-describedby={describedBy} onClick={() => void copy()}>
          Copy invite link
        </Button>
        <Button variant="secondary" aria-describedby={describedBy} disabled={renew.pending} onClick={() => void replace()}>
          New invite link
        </Button>
      </div>
      {renew.error && (
        <p role="alert" className="text-xs text-red-300">
          {renew.error}
        </p>
      )}
    </div>
  );
}
