/**
 * Derive credentials from the environment (or `<NAME>_FILE` outside the repository):
 * `DERIVE_SESSION_KEY` (the session key's private key, 0x + 64 hex), `DERIVE_WALLET` (the owner
 * wallet: in v3 your EOA or multisig), `DERIVE_SUBACCOUNT_ID`. Never logged.
 */
import { getAddress, type Address, type Hex } from 'viem';
import { ConfigError } from '../../../domain/errors.js';
import { requireCredential, type CredentialOptions } from '../../shared/credentials.js';

export interface DeriveCredentials {
  readonly sessionKey: Hex;
  readonly wallet: Address;
  readonly subaccountId: number;
}

export function deriveCredentialsFromEnv(options: CredentialOptions = {}): DeriveCredentials {
  const purpose = 'Derive order entry';
  const key = requireCredential('DERIVE_SESSION_KEY', purpose, options);
  const wallet = requireCredential('DERIVE_WALLET', purpose, options);
  const sub = requireCredential('DERIVE_SUBACCOUNT_ID', purpose, options);
  const sessionKey = (key.startsWith('0x') ? key : `0x${key}`) as Hex;
  if (!/^0x[0-9a-fA-F]{64}$/.test(sessionKey)) throw new ConfigError('DERIVE_SESSION_KEY is not a 32-byte hex private key', { variable: 'DERIVE_SESSION_KEY' });
  if (!/^0x[0-9a-fA-F]{40}$/.test(wallet)) throw new ConfigError('DERIVE_WALLET is not an address', { variable: 'DERIVE_WALLET' });
  if (!/^\d+$/.test(sub)) throw new ConfigError('DERIVE_SUBACCOUNT_ID is not a whole number', { variable: 'DERIVE_SUBACCOUNT_ID' });
  return { sessionKey, wallet: getAddress(wallet), subaccountId: Number(sub) };
}
