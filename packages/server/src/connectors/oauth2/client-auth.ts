// Client authentication at the token endpoint (RFC 6749 §2.3.1, RFC 7523 §2.2 for the JWT).
import { createHmac, randomUUID } from 'node:crypto';

export const tokenEndpointAuthMethods = ['client_secret_post', 'client_secret_basic', 'client_secret_jwt'] as const;
export type TokenEndpointAuthMethod = (typeof tokenEndpointAuthMethods)[number];

export const clientSecretJwtSigningAlgorithms = ['HS256', 'HS384', 'HS512'] as const;
export type ClientSecretJwtSigningAlgorithm = (typeof clientSecretJwtSigningAlgorithms)[number];

export type ClientCredentials = {
  clientId: string;
  clientSecret: string;
  method: TokenEndpointAuthMethod;
  /** For `client_secret_jwt` only; HS256 when absent. */
  signingAlgorithm?: ClientSecretJwtSigningAlgorithm;
};

/** What authentication adds to the token request: a header, body parameters, or both. */
export type ClientAuthentication = { headers: Record<string, string>; parameters: Record<string, string> };

/** `application/x-www-form-urlencoded` encoding of one value, which RFC 6749 §2.3.1 asks for in Basic. */
function formEncode(value: string): string {
  return new URLSearchParams([['v', value]]).toString().slice(2);
}

const hashOf: Record<ClientSecretJwtSigningAlgorithm, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** A short-lived assertion signed with the client secret; `aud` is the token endpoint (RFC 7523 §3). */
export function clientSecretJwt(
  clientId: string,
  clientSecret: string,
  tokenEndpoint: string,
  algorithm: ClientSecretJwtSigningAlgorithm,
  now = Math.floor(Date.now() / 1000),
): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: algorithm, typ: 'JWT' });
  const payload = encode({ iss: clientId, sub: clientId, aud: tokenEndpoint, jti: randomUUID(), iat: now, exp: now + 300 });
  const signature = createHmac(hashOf[algorithm], clientSecret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export function authenticateClient(credentials: ClientCredentials, tokenEndpoint: string): ClientAuthentication {
  const { clientId, clientSecret } = credentials;
  switch (credentials.method) {
    case 'client_secret_basic': {
      const basic = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64');
      return { headers: { Authorization: `Basic ${basic}` }, parameters: {} };
    }
    case 'client_secret_post':
      return { headers: {}, parameters: { client_id: clientId, client_secret: clientSecret } };
    case 'client_secret_jwt':
      return {
        headers: {},
        parameters: {
          client_id: clientId,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: clientSecretJwt(clientId, clientSecret, tokenEndpoint, credentials.signingAlgorithm ?? 'HS256'),
        },
      };
  }
}
