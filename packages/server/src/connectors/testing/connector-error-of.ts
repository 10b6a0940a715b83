// For connector tests: the ConnectorError a call rejects with. Resolving, or rejecting with any
// other error, fails the test, so a test cannot pass by accident.
import { ConnectorError } from '../connector-error.ts';

export async function connectorErrorOf(work: Promise<unknown> | (() => unknown)): Promise<ConnectorError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

/** Like `connectorErrorOf`, and the error's message and data show none of `hidden` (secrets, tokens). */
export async function connectorErrorHiding(work: Promise<unknown> | (() => unknown), hidden: readonly (string | RegExp)[]): Promise<ConnectorError> {
  const error = await connectorErrorOf(work);
  const shown = JSON.stringify({ message: error.message, data: error.data ?? null });
  for (const secret of hidden) {
    const found = typeof secret === 'string' ? shown.includes(secret) : secret.test(shown);
    if (found) throw new Error(`the connector error shows a secret (${String(secret).slice(0, 4)}…): ${shown.slice(0, 200)}`);
  }
  return error;
}
