/**
 * Signed swaps over loopback: UniswapExecutionClient against the uniswap node simulator (test
 * account with ETH, USDC and WETH). A buy and a sell fill with the exact amounts the account and
 * the pool moved by (a buy receives exactly its quantity), and the market feed's book follows the
 * pool; a swap whose bound is not met (a buy's maximum input, a sell's minimum output) reverts
 * with the router's reason and fills nothing; approvals go out once per token; the node
 * refuses a wrong chain id, a bad signature and a reused nonce with its own texts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, keccak256, parseTransaction, serializeTransaction, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { MarketEvent } from '../../src/domain/market-event.js';
import type { Fill, OrderRequest, OrderUpdate } from '../../src/domain/order.js';
import { silentLogger } from '../../src/engine/logger.js';
import { MAINNET_USDC, MAINNET_WETH, UniswapMarketFeed, UniswapSimulator } from '../../src/venues/uniswap/index.js';
import { UNISWAP_V2_ROUTER02, UNISWAP_V2_ROUTER_ABI } from '../../src/venues/uniswap/execution/uniswap-abi.js';
import { UniswapExecutionClient } from '../../src/venues/uniswap/execution/uniswap-execution-client.js';
import { swapAmountsOf } from '../../src/venues/uniswap/execution/uniswap-swap.js';
import { uniswapV2AmountIn } from '../../src/lab/uniswap/v2-quote.js';
import { createLiveExecutionClient } from '../../src/cli/wiring/execution-clients.js';

const key = generatePrivateKey();
const account = privateKeyToAccount(key);
const ETH = 10n ** 18n;
let sim: UniswapSimulator;
let client: UniswapExecutionClient;
let feed: UniswapMarketFeed;
const events: Array<OrderUpdate | Fill> = [];
const market: MarketEvent[] = [];
let seq = 0;

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function order(side: 'buy' | 'sell', quantity: number, price: number): OrderRequest {
  return { clientOrderId: `t${++seq}`, venue: 'uniswap', symbol: 'WETH-USDC', side, type: 'limit', quantity, price, timeInForce: 'ioc', postOnly: false, reduceOnly: false, expireAtMs: null };
}

async function rpc(method: string, params: unknown[]): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const res = await fetch(sim.restUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as { result?: unknown; error?: { code: number; message: string } };
}

const finalOf = (id: string): OrderUpdate | undefined => events.find((e): e is OrderUpdate => e.kind === 'order_update' && e.clientOrderId === id && (e.status === 'filled' || e.status === 'canceled'));
const usdc = (): bigint => sim.chain.tokenBalance(MAINNET_USDC, account.address);
const weth = (): bigint => sim.chain.tokenBalance(MAINNET_WETH, account.address);

beforeAll(async () => {
  sim = await UniswapSimulator.start({ tickIntervalMs: 0, seed: 3, accounts: [{ address: account.address, eth: 2n * ETH, tokens: { [MAINNET_USDC]: 100_000n * 10n ** 6n, [MAINNET_WETH]: 10n * ETH } }] });
  client = new UniswapExecutionClient({ privateKey: key, logger: silentLogger, restUrl: sim.restUrl, pollingIntervalMs: 10 });
  client.onUpdate((u) => events.push(u));
  await client.start();
  feed = new UniswapMarketFeed({ url: sim.url, logger: silentLogger });
  await feed.start((e) => market.push(e));
  await feed.subscribe([{ symbol: 'WETH-USDC', channel: 'ticker' }]);
  await until('first ticker', () => market.find((e) => e.kind === 'ticker'));
});

afterAll(async () => {
  await client.close();
  await feed.stop();
  await sim.stop();
});

describe('uniswap signed swaps against the node simulator', () => {
  it('buys exactly the quantity (exact output at the v2 getAmountIn price), approving USDC once; the pool and the feed move', async () => {
    const before = { usdc: usdc(), weth: weth(), eth: sim.chain.ethBalance(account.address), reserves: sim.reserves(), txs: sim.chain.transactions };
    const price = sim.poolPrice();
    const request = order('buy', 0.5, price * 1.01);
    const ack = await client.submit(request);
    const done = await until('buy filled', () => finalOf(request.clientOrderId));
    expect(done).toMatchObject({ status: 'filled', venueOrderId: ack.venueOrderId });
    const fill = events.find((e): e is Fill => e.kind === 'fill' && e.clientOrderId === request.clientOrderId);
    if (fill === undefined) throw new Error('no fill');
    expect(sim.chain.transactions - before.txs).toBe(2); // approve + swap
    const wethGot = 500_000_000_000_000_000n;
    const amountIn = uniswapV2AmountIn({ amountOut: wethGot, reserveIn: before.reserves.usdc, reserveOut: before.reserves.weth, feeBps: 30 });
    const bound = swapAmountsOf(request, { symbol: 'WETH-USDC', address: sim.pair, baseIndex: 1, base: { address: MAINNET_WETH, symbol: 'WETH', decimals: 18 }, quote: { address: MAINNET_USDC, symbol: 'USDC', decimals: 6 } });
    expect(bound).toMatchObject({ kind: 'exact-output', amountOut: wethGot });
    expect(amountIn).toBeLessThan(bound.maxIn); // the pool is better than the limit: less quote spent, not more base received
    expect(weth() - before.weth).toBe(wethGot);
    expect(before.usdc - usdc()).toBe(amountIn);
    expect(fill.quantity).toBe(0.5);
    expect(done).toMatchObject({ filledQuantity: 0.5, remainingQuantity: 0 });
    expect(fill.price).toBeCloseTo(Number(amountIn) / 1e6 / 0.5, 9);
    expect(fill.price).toBeLessThanOrEqual(price * 1.01);
    expect(fill.feeCurrency).toBe('ETH');
    const gasWei = before.eth - sim.chain.ethBalance(account.address);
    expect(fill.fee).toBeGreaterThan(0);
    expect(fill.fee).toBeLessThan(Number(gasWei) / 1e18); // the approval's gas is not the swap's
    const after = sim.reserves();
    expect(after.usdc).toBe(before.reserves.usdc + amountIn);
    expect(after.weth).toBe(before.reserves.weth - wethGot);
    const mark = Number(after.usdc) / 1e6 / (Number(after.weth) / 1e18);
    await until('ticker at the new pool price', () => market.find((e) => e.kind === 'ticker' && Math.abs((e.mark ?? 0) / mark - 1) < 1e-9));
    expect(await client.openOrders()).toEqual([]);
  });

  it('sells with exact amounts (one WETH approval), and a second buy sends no approval', async () => {
    const before = { usdc: usdc(), weth: weth(), txs: sim.chain.transactions, reserves: sim.reserves() };
    const sell = order('sell', 0.25, sim.poolPrice() * 0.99);
    await client.submit(sell);
    expect(await until('sell final', () => finalOf(sell.clientOrderId))).toMatchObject({ status: 'filled' });
    const fill = events.find((e): e is Fill => e.kind === 'fill' && e.clientOrderId === sell.clientOrderId);
    expect(before.weth - weth()).toBe(250_000_000_000_000_000n);
    expect(fill?.quantity).toBe(0.25);
    expect(fill?.price).toBeCloseTo(Number(usdc() - before.usdc) / 1e6 / 0.25, 9);
    expect(sim.reserves().weth).toBe(before.reserves.weth + 250_000_000_000_000_000n);
    expect(sim.chain.transactions - before.txs).toBe(2);
    const buy = order('buy', 0.1, sim.poolPrice() * 1.01);
    const wethBefore = weth();
    await client.submit(buy);
    expect(await until('buy final', () => finalOf(buy.clientOrderId))).toMatchObject({ status: 'filled', filledQuantity: 0.1 });
    expect(weth() - wethBefore).toBe(100_000_000_000_000_000n);
    expect(sim.chain.transactions - before.txs).toBe(3);
    const balances = await client.balances();
    expect(balances.find((b) => b.currency === 'WETH')?.total).toBe(Number(weth()) / 1e18);
    expect(balances.map((b) => b.currency).sort()).toEqual(['ETH', 'USDC', 'WETH']);
  });

  it('a swap whose bound is not met reverts on chain: canceled with the router reason, nothing filled, the pool unchanged', async () => {
    const before = { usdc: usdc(), weth: weth(), reserves: sim.reserves(), fills: events.filter((e) => e.kind === 'fill').length };
    // A buy whose maximum input is below what the pool needs for 0.5 WETH: EXCESSIVE_INPUT_AMOUNT.
    const request = order('buy', 0.5, sim.poolPrice() * 0.98);
    await client.submit(request);
    const done = await until('revert', () => finalOf(request.clientOrderId));
    expect(done).toMatchObject({ status: 'canceled', filledQuantity: 0 });
    expect(done.reason).toContain('UniswapV2Router: EXCESSIVE_INPUT_AMOUNT');
    // A sell whose minimum output is above what the pool gives: INSUFFICIENT_OUTPUT_AMOUNT.
    const sell = order('sell', 0.5, sim.poolPrice() * 1.02);
    await client.submit(sell);
    expect((await until('sell revert', () => finalOf(sell.clientOrderId))).reason).toContain('UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT');
    expect([usdc(), weth()]).toEqual([before.usdc, before.weth]);
    expect(sim.reserves()).toEqual(before.reserves);
    expect(events.filter((e) => e.kind === 'fill').length).toBe(before.fills);
    await expect(client.cancel(request.clientOrderId)).resolves.toBeUndefined();

    // A deadline already past (the signer's clock an hour behind) reverts with the router's EXPIRED.
    const late = new UniswapExecutionClient({ privateKey: key, logger: silentLogger, restUrl: sim.restUrl, pollingIntervalMs: 10, nowMs: () => Date.now() - 3_600_000 });
    const lateEvents: Array<OrderUpdate | Fill> = [];
    late.onUpdate((u) => lateEvents.push(u));
    const expired = order('buy', 0.01, sim.poolPrice() * 1.02);
    await late.submit(expired);
    const lateDone = await until('expired swap', () => lateEvents.find((e): e is OrderUpdate => e.kind === 'order_update' && e.status === 'canceled'));
    expect(lateDone.reason).toContain('UniswapV2Router: EXPIRED');
    expect(usdc()).toBe(before.usdc);
    await late.close();
  });

  it('the node refuses a wrong chain id, a bad signature and a reused nonce with its own errors', async () => {
    const nonce = Number(BigInt((await rpc('eth_getTransactionCount', [account.address, 'pending'])).result as string));
    const data = encodeFunctionData({ abi: UNISWAP_V2_ROUTER_ABI, functionName: 'swapExactTokensForTokens', args: [10n ** 6n, 1n, [MAINNET_USDC, MAINNET_WETH], account.address, 2n ** 40n] });
    const tx = { type: 'eip1559', chainId: 1, nonce, to: UNISWAP_V2_ROUTER02, data, gas: 200_000n, maxFeePerGas: 50n * 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n, value: 0n } as const;
    const wrongChain = await rpc('eth_sendRawTransaction', [await account.signTransaction({ ...tx, chainId: 5 })]);
    expect(wrongChain.error?.message).toBe('invalid sender: invalid chain id for signer: have 5 want 1');
    const good = await account.signTransaction(tx);
    const sig = parseTransaction(good);
    const forged = serializeTransaction({ ...tx, nonce: nonce + 0 }, { r: `0x${'f'.repeat(64)}` as Hex, s: sig.s as Hex, yParity: sig.yParity ?? 0 });
    expect((await rpc('eth_sendRawTransaction', [forged])).error?.message).toBe('invalid sender');
    const sent = await rpc('eth_sendRawTransaction', [good]);
    expect(sent.result).toBe(keccak256(good));
    expect((await rpc('eth_sendRawTransaction', [good])).error?.message).toBe('already known');
    const reuse = await rpc('eth_sendRawTransaction', [await account.signTransaction({ ...tx, data: '0x' })]);
    expect(reuse.error?.message).toBe(`nonce too low: address ${account.address}, tx: ${nonce} state: ${nonce + 1}`);
    // The client's own nonce is now behind: the node's refusal is surfaced and the next submit re-reads it.
    const request = order('buy', 0.01, sim.poolPrice() * 1.02);
    await expect(client.submit(request)).rejects.toMatchObject({ code: 'ARB_VENUE_REJECTED', message: expect.stringContaining('nonce too low') });
    const retry = order('buy', 0.01, sim.poolPrice() * 1.02);
    await client.submit(retry);
    expect(await until('retry filled', () => finalOf(retry.clientOrderId))).toMatchObject({ status: 'filled' });
  });

  it('live --execute wiring: the key from UNISWAP_PRIVATE_KEY, the node from the connection; missing key named', async () => {
    const saved = process.env.UNISWAP_PRIVATE_KEY;
    try {
      delete process.env.UNISWAP_PRIVATE_KEY;
      expect(() => createLiveExecutionClient('uniswap', { restUrl: sim.restUrl }, silentLogger)).toThrow(/UNISWAP_PRIVATE_KEY/);
      process.env.UNISWAP_PRIVATE_KEY = key.slice(2);
      const live = createLiveExecutionClient('uniswap', { restUrl: sim.restUrl }, silentLogger);
      const got: Array<OrderUpdate | Fill> = [];
      live.onUpdate((u) => got.push(u));
      await live.start();
      const request = order('sell', 0.05, sim.poolPrice() * 0.99);
      await live.submit(request);
      expect(await until('wired sell', () => got.find((e): e is OrderUpdate => e.kind === 'order_update' && e.status === 'filled'))).toMatchObject({ clientOrderId: request.clientOrderId, filledQuantity: 0.05 });
      await live.close();
    } finally {
      if (saved === undefined) delete process.env.UNISWAP_PRIVATE_KEY;
      else process.env.UNISWAP_PRIVATE_KEY = saved;
    }
  });

  it('a send whose answer is lost is ARB_VENUE_UNKNOWN_OUTCOME; the swap is followed by hash and its fill still arrives', async () => {
    // A proxy that forwards every call but drops the connection after the node executed eth_sendRawTransaction.
    const proxy: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        void fetch(sim.restUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => {
          const text = await r.text();
          if (body.includes('eth_sendRawTransaction')) res.destroy();
          else res.writeHead(200, { 'content-type': 'application/json' }).end(text);
        });
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const lossy = new UniswapExecutionClient({ privateKey: key, logger: silentLogger, restUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, pollingIntervalMs: 10 });
    const got: Array<OrderUpdate | Fill> = [];
    lossy.onUpdate((u) => got.push(u));
    const before = sim.chain.transactions;
    const request = order('buy', 0.02, sim.poolPrice() * 1.02);
    const error = await lossy.submit(request).then(() => null, (e: unknown) => e as { code: string; context: { txHash: string } });
    expect(error?.code).toBe('ARB_VENUE_UNKNOWN_OUTCOME');
    const fill = await until('fill after the lost answer', () => got.find((e): e is Fill => e.kind === 'fill'));
    expect(fill).toMatchObject({ clientOrderId: request.clientOrderId, venueOrderId: error?.context.txHash });
    expect(sim.chain.transactions - before).toBe(1);
    expect(await lossy.openOrders()).toEqual([]);
    await lossy.close();
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });
});
