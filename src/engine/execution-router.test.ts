import { describe, expect, it } from 'vitest';
import type { Fill, OrderRequest, OrderUpdate } from '../domain/order.js';
import type { VenueId } from '../domain/venue.js';
import { VenueExecutionRouter } from './execution-router.js';
import type { OrderAmendment, VenueExecutionClient } from './market-feed.js';
import type { OrderAck } from './strategy.js';

class Client implements VenueExecutionClient {
  readonly calls: string[] = [];
  constructor(readonly venue: VenueId) {}
  async submit(r: OrderRequest): Promise<OrderAck> {
    this.calls.push(`submit ${r.clientOrderId}`);
    return { clientOrderId: r.clientOrderId, venueOrderId: null };
  }
  async cancel(id: string): Promise<void> {
    this.calls.push(`cancel ${id}`);
  }
  async openOrders(): Promise<readonly OrderUpdate[]> {
    return [];
  }
  onUpdate(_l: (u: OrderUpdate | Fill) => void): void {}
  async close(): Promise<void> {}
}

class AmendingClient extends Client {
  async amend(id: string, change: OrderAmendment): Promise<void> {
    this.calls.push(`amend ${id} ${JSON.stringify(change)}`);
  }
}

describe('VenueExecutionRouter.amend', () => {
  it("calls the venue client's amend, and refuses a venue whose client has none without cancelling anything", async () => {
    const binance = new AmendingClient('binance');
    const deribit = new Client('deribit');
    const router = new VenueExecutionRouter([binance, deribit], () => {});
    await router.amend('binance', 'q-1', { price: 101.5 });
    expect(binance.calls).toEqual(['amend q-1 {"price":101.5}']);
    await expect(router.amend('deribit', 'q-2', { quantity: 2 })).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED', message: expect.stringMatching(/deribit/) as string });
    expect(deribit.calls).toEqual([]);
    await expect(router.amend('kraken', 'q-3', { quantity: 2 })).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
  });
});
