/** Routes orders to the execution client of the order's venue, and updates back to the engine. */
import { ArbiterError, NotSupportedError } from '../domain/errors.js';
import type { Fill, OrderRequest, OrderUpdate } from '../domain/order.js';
import type { VenueId } from '../domain/venue.js';
import type { ExecutionRouter, OrderAmendment, VenueExecutionClient } from './market-feed.js';
import type { OrderAck } from './strategy.js';

export class VenueExecutionRouter implements ExecutionRouter {
  private readonly clients = new Map<VenueId, VenueExecutionClient>();

  /** `onUpdate` receives every client's order updates and fills (usually Engine.deliverOrderUpdate / deliverFill). */
  constructor(clients: readonly VenueExecutionClient[], onUpdate: (update: OrderUpdate | Fill) => void) {
    for (const c of clients) {
      if (this.clients.has(c.venue)) throw new ArbiterError('ARB_CONFIG_INVALID', `two execution clients for ${c.venue}`, { venue: c.venue });
      this.clients.set(c.venue, c);
      c.onUpdate(onUpdate);
    }
  }

  submit(request: OrderRequest): Promise<OrderAck> {
    return this.client(request.venue).submit(request);
  }

  cancel(venue: VenueId, clientOrderId: string): Promise<void> {
    return this.client(venue).cancel(clientOrderId);
  }

  /** @throws NotSupportedError naming the venue when its client has no amend. */
  async amend(venue: VenueId, clientOrderId: string, change: OrderAmendment): Promise<void> {
    const c = this.client(venue);
    if (!c.amend) throw new NotSupportedError(`${venue} execution cannot amend orders; cancel and replace instead`, { venue, clientOrderId });
    await c.amend(clientOrderId, change);
  }

  private client(venue: VenueId): VenueExecutionClient {
    const c = this.clients.get(venue);
    if (!c) throw new ArbiterError('ARB_NOT_SUPPORTED', `no execution client for ${venue}; orders there cannot be placed`, { venue });
    return c;
  }
}
