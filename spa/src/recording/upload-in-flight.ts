import type { PartPacer } from './upload-pacing';

/** The part uploads under way: as many at once as the pacer lets, each part once. */
export class PartsInFlight {
  private readonly keys = new Set<string>();

  constructor(
    private readonly pacer: PartPacer,
    private readonly ended: () => void,
  ) {}

  get size(): number {
    return this.keys.size;
  }

  /** Starts `upload` of the part unless it is already going up or the pacer has no slot now. */
  start(localId: string, part: { partNumber: number; size: number }, upload: () => Promise<void>): void {
    const key = `${localId}:${part.partNumber}`;
    if (this.keys.has(key) || this.pacer.slots(this.keys.size) === 0) return;
    this.keys.add(key);
    const sent = this.pacer.started();
    void upload().finally(() => {
      sent(part.size); // before `ended` (the uploader's kick): the pacer's pause holds it
      this.keys.delete(key);
      this.ended();
    });
  }
}
