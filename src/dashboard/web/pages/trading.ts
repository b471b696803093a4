/** Positions, orders and fills of every account, fed by the `trading` topic. */
import type { FillView, OrderView, PositionView } from '../../dashboard-source.js';
import { h } from '../dom.js';
import type { Page } from '../page.js';
import { DataTable } from '../table.js';

export function tradingPage(): Page {
  const positions = new DataTable<PositionView>('Positions', [
    { label: 'Account', key: 'account', format: 'text' }, { label: 'Venue', key: 'venue', format: 'text' }, { label: 'Symbol', key: 'symbol', format: 'text' },
    { label: 'Quantity', key: 'quantity', format: 'num4' }, { label: 'Avg price', key: 'averagePrice', format: 'num4' }, { label: 'Mark', key: 'markPrice', format: 'num4' },
    { label: 'Value', key: 'valueUsd', format: 'usd' }, { label: 'Unrealised', key: 'unrealisedPnlUsd', format: 'usd' }, { label: 'Realised', key: 'realisedPnlUsd', format: 'usd' },
  ], { sortBy: 'valueUsd', descending: true, testId: 'positions' });
  const orders = new DataTable<OrderView>('Orders (open first, then recent)', [
    { label: 'Account', key: 'account', format: 'text' }, { label: 'Order', key: 'clientOrderId', format: 'text' }, { label: 'Venue', key: 'venue', format: 'text' },
    { label: 'Symbol', key: 'symbol', format: 'text' }, { label: 'Side', key: 'side', format: 'text' }, { label: 'Qty', key: 'quantity', format: 'num4' },
    { label: 'Price', key: 'price', format: 'num4' }, { label: 'Status', key: 'status', format: 'text' }, { label: 'Filled', key: 'filledQuantity', format: 'num4' },
    { label: 'Avg fill', key: 'averageFillPrice', format: 'num4' }, { label: 'Reason', key: 'reason', format: 'text' }, { label: 'Updated', key: 'updatedMs', format: 'time' },
  ], { testId: 'orders' });
  const fills = new DataTable<FillView>('Fills (newest first)', [
    { label: 'Account', key: 'account', format: 'text' }, { label: 'Venue', key: 'venue', format: 'text' }, { label: 'Symbol', key: 'symbol', format: 'text' },
    { label: 'Side', key: 'side', format: 'text' }, { label: 'Qty', key: 'quantity', format: 'num4' }, { label: 'Price', key: 'price', format: 'num4' },
    { label: 'Fee', key: 'fee', format: 'num4' }, { label: 'Fee ccy', key: 'feeCurrency', format: 'text' }, { label: 'Liquidity', key: 'liquidity', format: 'text' },
    { label: 'Time', key: 'tsLocal', format: 'time' },
  ], { testId: 'fills' });
  return {
    element: h('div', { class: 'page trading' }, positions.element, orders.element, fills.element),
    topics: ['overview', 'trading'],
    onUpdate(topic, raw) {
      if (topic !== 'trading') return;
      const data = raw as { positions: PositionView[]; orders: OrderView[]; fills: FillView[] };
      positions.setRows(data.positions);
      orders.setRows(data.orders);
      fills.setRows(data.fills);
    },
  };
}
