/**
 * The documented default configuration: what `arbiter config generate` prints and what the demo
 * runs on. Every key is optional; the values shown are the defaults unless marked otherwise.
 */
export const DEFAULT_CONFIG_TOML = `# Arbiter configuration (TOML). Every key is optional; values shown are the defaults
# unless a comment says otherwise. Secrets never go here: venue keys come from environment
# variables (DERIBIT_KEY/DERIBIT_SECRET, DERIVE_SESSION_KEY/DERIVE_WALLET/DERIVE_SUBACCOUNT_ID,
# POLYMARKET_PRIVATE_KEY/POLYMARKET_API_KEY/POLYMARKET_API_SECRET/POLYMARKET_API_PASSPHRASE,
# BINANCE_API_KEY/BINANCE_API_SECRET, COINBASE_API_KEY_NAME/COINBASE_API_PRIVATE_KEY,
# KRAKEN_API_KEY/KRAKEN_API_SECRET)
# or from files outside the repository named by <VARIABLE>_FILE.

[global]
log_level = "info"          # fatal, error, warn, info, debug, trace, silent (LOG_LEVEL overrides)
refresh_secs = 60           # catalog refresh and subscription re-discovery period
catalog_stale_secs = 3600   # a stored catalog older than this is refreshed from the venue
state_dir = ".arbiter"      # durable state (catalog history)

# Venue endpoints; omitted means the venue's production endpoints. The demo points these at its
# local simulators by itself. user_url is the private WebSocket of \`arbiter live --execute\`
# (order and fill updates; \`arbiter simulate <venue> --accounts FILE\` prints its simulator's).
# [venues.deribit]
# url = "wss://www.deribit.com/ws/api/v2"
# rest_url = "https://www.deribit.com/api/v2"
# [venues.derive]
# url = "wss://api.derive.xyz/v3/ws"
# rest_url = "https://api.derive.xyz/v3"
# [venues.polymarket]
# url = "wss://ws-subscriptions-clob.polymarket.com/ws/market"
# rest_url = "https://clob.polymarket.com"
# user_url = "wss://ws-subscriptions-clob.polymarket.com/ws/user"
# [venues.binance]   # url and rest_url replace the spot and USDⓈ-M hosts at once (a simulator serves
#                     both); omitted, spot and futures use their own production hosts
# url = "ws://127.0.0.1:9000"
# rest_url = "http://127.0.0.1:9000"
# user_url = "ws://127.0.0.1:9000/ws-api/v3"   # spot WebSocket API (default: url + /ws-api/v3, else wss://ws-api.binance.com:443/ws-api/v3)
# [venues.coinbase]
# url = "wss://advanced-trade-ws.coinbase.com"
# rest_url = "https://api.coinbase.com"
# user_url = "wss://advanced-trade-ws-user.coinbase.com"
# [venues.kraken]
# url = "wss://ws.kraken.com/v2"
# rest_url = "https://api.kraken.com"
# user_url = "wss://ws-auth.kraken.com/v2"
# [venues.uniswap]   # an Ethereum node: url = WebSocket (eth_subscribe), rest_url = HTTP (eth_call)
# url = "ws://127.0.0.1:8546"
# rest_url = "http://127.0.0.1:8545"

# The simulated account of paper trading, the demo and backtests.
[paper]
seed = 1                    # seeds latencies (and nothing else) so runs repeat exactly
entry_latency_ms = 25       # order → venue
response_latency_ms = 25    # venue → us
latency_sigma = 0.3         # log-normal spread of latencies (0 = constant)
history_period_secs = 60    # PnL history sampling period

[[paper.cash]]
venue = "deribit"
currency = "BTC"
amount = 1

[[paper.cash]]
venue = "derive"
currency = "USDC"
amount = 25000

[[paper.cash]]
venue = "polymarket"
currency = "USD"
amount = 25000

# Spot venues: a fill moves both currencies of the pair (buying ETHBTC spends BTC, adds ETH).
[[paper.cash]]
venue = "binance"
currency = "USDT"
amount = 25000

[[paper.cash]]
venue = "coinbase"
currency = "USD"
amount = 25000

[[paper.cash]]
venue = "kraken"
currency = "USD"
amount = 25000

[[paper.cash]]
venue = "uniswap"
currency = "USDC"
amount = 25000

# Strategies (docs/strategies.md lists every key). type = cross_market | gamma_scalp | momentum |
# triangular_arbitrage | market_making | pairs_trading | dex_cex_arbitrage.
[[strategies]]
type = "cross_market"
name = "CrossMarket-BTC"
currency = "BTC"
min_edge = 0.02                  # per unit after fees (binaries: probability points)
max_time_to_expiry_years = 0.5
max_expiry_days = 90
risk_aversion = 1                # 1 = Kelly (log utility), else CRRA gamma
scenarios = 10000                # quasi-Monte Carlo scenarios for sizing
recalc_interval_ms = 60000       # event time between portfolio recalculations
polymarket_pattern = "bitcoin-above-\\\\d+"
vol_time = "calendar"            # or "weighted" with hourly_vols (168 numbers)
max_fraction_per_asset = 0.2
max_exposure = 0.8

[[strategies]]
type = "gamma_scalp"
name = "GammaScalp-BTC"
underlying = "BTC"
structure = "straddle"           # straddle, call or put
target_days_to_expiry = 30
delta_band_per_contract = 0.1
premium_budget_fraction = 0.05

[[strategies]]
type = "momentum"
name = "Momentum-BTC"
lookback_ticks = 10
threshold = 0.01
risk_fraction = 0.05
stop_loss = 0.02
take_profit = 0.04

[[strategies.instruments]]
venue = "deribit"
symbol = "BTC-PERPETUAL"

[[strategies]]
type = "triangular_arbitrage"
name = "TriArb-Binance"
venue = "binance"
symbols = ["BTCUSDT", "ETHUSDT", "ETHBTC"]
start_asset = "USDT"
taker_fee = 0.001                # Binance spot base tier
min_profit_rate = 0.0005         # after three taker fees and the depth walked
max_start_amount = 1000          # in the start asset
balance_fraction = 0.5           # of the balance of each asset a leg spends
leg_execution = "auto"           # at once when the account holds all three assets, else in turn

[[strategies]]
type = "market_making"
name = "MarketMaker-Coinbase"
venue = "coinbase"
symbol = "BTC-USD"
quote_size = 0.001               # BTC per quote
max_inventory = 0.01             # no bid at +0.01 BTC, no ask at −0.01
gamma = 0.1                      # Avellaneda–Stoikov risk aversion per quote lot (bp): the skew
k = 0.5                          # fill-intensity decay per bp
horizon_sec = 10
min_half_spread_bps = 1
requote_threshold_bps = 1        # requote when the target moved more
min_requote_interval_ms = 500
amend_quotes = true              # requote by amending in place where the venue can, else cancel and replace

[[strategies]]
type = "pairs_trading"
name = "Pairs-ETH-BTC"
sample_interval_ms = 250
hedge_window = 30                # samples in the rolling OLS of ln ETH on ln BTC
z_window = 20                    # earlier spreads the z-score compares with
thresholds = "fixed"             # or "bertram" (OU-optimal levels from a fitted OU)
entry_z = 2
exit_z = 0.5
stop_z = 4
notional = 1000                  # USDT of the ETH leg; BTC carries β times it

[strategies.leg_y]
venue = "binance"
symbol = "ETHUSDT"

[strategies.leg_x]
venue = "binance"
symbol = "BTCUSDT"

[[strategies]]
type = "dex_cex_arbitrage"
name = "DexCex-ETH"
gas_usd = 2                      # per swap (USD), counted against every trade
min_profit_usd = 1               # after the pool fee, the CEX taker fee, depth and gas
max_trade_usd = 10000
inventory_usd = 10000            # WETH / ETH bought and kept on each venue (a long coin position)

[strategies.dex]
venue = "uniswap"
symbol = "WETH-USDC"

[strategies.cex]
venue = "binance"
symbol = "ETHUSDT"

# The risk gate in front of every venue (docs/risk.md). Amounts in USD; \`inf\` turns a limit off.
[risk]
initial_state = "active"             # active, reducing (only position-reducing orders) or halted
max_order_usd = 25000                # notional of one order
max_order_quantity = inf             # venue units; per venue below
max_instrument_exposure_usd = 100000 # one instrument: position plus open orders
max_venue_exposure_usd = 250000      # one venue, gross
max_total_exposure_usd = 500000      # all venues, gross
max_orders_per_sec = 5               # sustained order rate …
order_burst = 20                     # … after a burst of this many
price_band_fraction = 0.1            # fat finger: buy at most 10 % above the ask (sell below the bid) …
price_band_ticks = 5                 # … or 5 ticks, whichever is wider
max_quote_age_ms = 10000             # no order is priced on older, disconnected or crossed data
max_drawdown_fraction = 0.2          # halt when equity falls 20 % below its high
venue_error_limit = 5                # halt after 5 venue errors …
venue_error_window_secs = 60         # … within 60 s
cancel_on_halt = true                # the kill switch cancels open orders
# [risk.venues.deribit]
# max_order_quantity = 100000        # Deribit perpetuals are sized in USD

[dashboard]
port = 8079
bind = "127.0.0.1"               # any other address requires ARBITER_DASHBOARD_TOKEN
`;
