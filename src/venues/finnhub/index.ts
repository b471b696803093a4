/** Finnhub market data (a data source, not a trading venue): REST quotes and candles, WebSocket trades, symbols, simulator. */
export { FINNHUB_KEY_VARIABLE, FINNHUB_REST_URL, FINNHUB_WS_URL, finnhubEndpoints, requireFinnhubKey, type FinnhubEndpoints } from './config.js';
export { parseFinnhubSymbol, type FinnhubSymbol, type FinnhubSymbolKind } from './finnhub-symbol.js';
export { FinnhubRestClient, type CandleRequest, type FinnhubRestClientOptions } from './client/finnhub-rest-client.js';
export { FinnhubTradeStream, type FinnhubTradeStreamOptions } from './client/finnhub-trade-stream.js';
export { RequestQueue, RetryAfter, type RequestQueueOptions } from './client/request-queue.js';
export { FINNHUB_RESOLUTIONS, parseFinnhubCandles, type FinnhubCandles, type FinnhubResolution } from './parse/parse-candles.js';
export { parseFinnhubQuote, type FinnhubQuote } from './parse/parse-quote.js';
export { parseFinnhubWsFrame, type FinnhubTrade, type FinnhubWsMessage } from './parse/parse-ws-frame.js';
export { FinnhubSimulator, type FinnhubSimulatorOptions } from './simulator/finnhub-simulator.js';
