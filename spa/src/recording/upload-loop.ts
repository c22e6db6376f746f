/**
 * Runs the uploader's scheduling pass one at a time: a kick during a pass asks for one more pass
 * after it (not one per kick), so a burst of chunks, stops and finished parts costs a pass or two.
 * `idle` resolves once no pass runs and `settled` says nothing is left.
 */
export class PassLoop {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly settled: () => boolean,
  ) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.pass();
        } catch (e) {
          // the next kick tries again; one bad pass must not stop the uploads
          console.warn('upload scheduling', e);
        }
      } while (this.again);
      this.running = null;
      if (this.settled()) {
        for (const w of [...this.waiters]) w();
        this.waiters.clear();
      }
    })();
  }

  idle(): Promise<void> {
    if (this.settled() && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }
}
