// Config of the Apple connector. The reference product's Apple connector has `clientId` (the
// Services ID) and `scope`; Signet exchanges the code server side, which needs Apple's client
// secret: a JWT signed with a Sign in with Apple key, hence `teamId`, `keyId` and `privateKey`.
// `issuer` is only for tests.
import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { normalizePem } from '../kit.ts';
import { providerUrl } from '../oidc/config-fields.ts';

export const appleIssuer = 'https://appleid.apple.com';

/** A `.p8` key from Apple: PKCS#8 PEM of a P-256 EC key (ES256). */
export function isAppleSigningKey(pem: string): boolean {
  try {
    const key = createPrivateKey(normalizePem(pem));
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}

const appleId = (label: string, placeholder: string, description: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Z0-9]{10}$/, 'must be the 10-character identifier Apple shows (letters and digits)')
    .meta({ label, placeholder, description });

export const appleConfigSchema = z.object({
  clientId: z.string().trim().min(1).meta({
    label: 'Services ID (client ID)',
    placeholder: 'com.example.signin',
    description: 'The identifier of the Services ID that has Sign in with Apple enabled.',
  }),
  teamId: appleId('Team ID', 'A1B2C3D4E5', 'Your Apple developer team id (top right of the developer account, or Membership details).'),
  keyId: appleId('Key ID', 'KEY1234567', 'The id of the Sign in with Apple key (Certificates, Identifiers & Profiles → Keys).'),
  privateKey: z
    .string()
    .min(1)
    .refine(isAppleSigningKey, 'must be the .p8 key file’s content (PEM, "-----BEGIN PRIVATE KEY-----", an ES256 / P-256 key)')
    .meta({
      label: 'Private key',
      placeholder: '-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----',
      description: 'The content of the .p8 file downloaded when the key was created.',
      confidential: true,
      multiline: true,
    }),
  scope: z
    .string()
    .trim()
    .default('name email')
    .refine((scope) => scope.split(/\s+/).filter(Boolean).every((item) => ['openid', 'name', 'email'].includes(item)), 'Apple knows only the scopes name and email')
    .meta({ label: 'Scope', placeholder: 'name email', description: 'name and/or email; empty asks for neither (the user is only identified).' }),
  issuer: providerUrl()
    .default(appleIssuer)
    .meta({ label: 'Issuer (advanced)', placeholder: appleIssuer, description: 'Leave as it is. Only tests change it.' }),
});

export type AppleConfig = z.infer<typeof appleConfigSchema>;
