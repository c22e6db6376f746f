/**
 * A recording's calls to create or complete it on the server: one at a time per recording, and
 * the recording is left alone by the scheduling pass while one runs.
 */
export class RecordingJobs {
  private readonly busy = new Set<string>();

  constructor(
    private readonly failed: (localId: string, e: unknown) => Promise<void>,
    private readonly ended: () => void,
  ) {}

  running(localId: string): boolean {
    return this.busy.has(localId);
  }

  run(localId: string, job: () => Promise<void>): void {
    this.busy.add(localId);
    void job()
      .catch((e) => this.failed(localId, e))
      .finally(() => {
        this.busy.delete(localId);
        this.ended();
      });
  }
}
