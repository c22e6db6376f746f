import type { Take } from '../api/types';
import type { ServerMessage } from '../signaling/messages';
import { BoardModel, type BoardView } from './model';

/**
 * The host's board for React: the model fed by the call's socket, told to listeners on change.
 * Only hosts receive `peer-status`; the first one after each join also reads the room's takes, so a
 * host who (re)joined after a take still sees what the store holds of it.
 */
export class HostBoard {
  private readonly model = new BoardModel();
  private readonly listeners = new Set<() => void>();
  private snap: BoardView;
  private seeded = false;

  constructor(private readonly listTakes: () => Promise<Take[]>) {
    this.snap = this.model.view();
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): BoardView => this.snap;

  receive(m: ServerMessage): void {
    if (m.type === 'joined') this.seeded = false;
    if (m.type === 'peer-status' && !this.seeded) {
      this.seeded = true;
      this.listTakes().then(
        (takes) => {
          this.model.seed(takes);
          this.changed();
        },
        () => {},
      );
    }
    if (this.model.receive(m)) this.changed();
  }

  private changed(): void {
    this.snap = this.model.view();
    for (const l of [...this.listeners]) l();
  }
}
