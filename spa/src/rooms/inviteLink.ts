/** The address a guest opens to join a room: `${origin}/join/{inviteCode}`. */
export function inviteLink(origin: string, inviteCode: string): string {
  return `${origin.replace(/\/+$/, '')}/join/${encodeURIComponent(inviteCode)}`;
}
