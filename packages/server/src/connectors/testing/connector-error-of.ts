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
