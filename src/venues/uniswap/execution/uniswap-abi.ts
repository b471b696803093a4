/**
 * The contract surface signed swaps touch: Uniswap V2 Router02 `swapExactTokensForTokens` (sells,
 * exact input) and `swapTokensForExactTokens` (buys, exact output), the ERC-20 calls and events of trading (balance, allowance, approve, Transfer), the pair's `Swap`
 * event, and Solidity's `Error(string)` revert payload. Shared by the execution client and the
 * node simulator so both speak the same ABI.
 */
import { parseAbi } from 'viem';

/** Uniswap V2 Router02 on Ethereum mainnet. */
export const UNISWAP_V2_ROUTER02 = '0x7a250d5630b4cf539739df2c5dacb4c659f2488d';

export const UNISWAP_V2_ROUTER_ABI = parseAbi([
  'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
  'function swapTokensForExactTokens(uint256 amountOut, uint256 amountInMax, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
]);

export const ERC20_TRADING_ABI = parseAbi([
  'function balanceOf(address owner) view returns (uint256)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
  'event Approval(address indexed owner, address indexed spender, uint256 value)',
]);

export const UNISWAP_V2_SWAP_EVENT_ABI = parseAbi([
  'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
]);

export const SOLIDITY_ERROR_ABI = parseAbi(['error Error(string message)']);
