/**
 * The recordings this uploader works on: begun here, or resumed here. Other tabs own the rest;
 * `claim` (Web Locks on the page) makes sure no two tabs work on one recording.
 */
export class RecordingClaims {
  private readonly owned = new Set<string>();

  constructor(
    private readonly claimLock: (localId: string) => Promise<boolean> = async () => true,
    private readonly releaseLock: (localId: string) => void = () => {},
  ) {}

  owns(localId: string): boolean {
    return this.owned.has(localId);
  }

  /** False when another tab already works on it. */
  claim(localId: string): Promise<boolean> {
    return this.claimLock(localId);
  }

  own(localId: string): void {
    this.owned.add(localId);
  }

  /** Done with it (complete, failed, discarded): another tab, or a later retry, may take it. */
  release(localId: string): void {
    this.owned.delete(localId);
    this.releaseLock(localId);
  }
}
