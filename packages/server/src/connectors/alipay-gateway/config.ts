// The config fields every Alipay connector shares. `appId`, `privateKey` and `signType` are the
// reference product's fields and are all a working config needs; `alipayPublicKey` and `gatewayUrl`
// are our optional extras (response verification, sandbox or test gateways).
import { z } from 'zod';
import { keyProblems, readRsaKey } from './keys.ts';
import { alipaySignTypes } from './signature.ts';
import type { AlipaySignType } from './signature.ts';

export const defaultGatewayUrl = 'https://openapi.alipay.com/gateway.do';

export const alipayGatewayConfigFields = {
  appId: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(16, 'must be at most 16 characters (the APPID of the Alipay application)')
    .meta({
      label: 'App ID',
      placeholder: '2021000000000000',
      description: 'The APPID of your application in the Alipay Open Platform console (at most 16 characters).',
    }),
  privateKey: z
    .string()
    .refine((text) => readRsaKey(text, 'private') !== undefined, { message: keyProblems.private })
    .meta({
      label: 'App private key',
      placeholder: '-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----',
      description:
        'The private key of the RSA key pair whose public key you uploaded to Alipay (“接口加签方式”), PEM PKCS#1 or PKCS#8 with its header and footer. Literal \\n sequences are read as line breaks.',
      confidential: true,
      multiline: true,
    }),
  signType: z
    .enum(alipaySignTypes)
    .default('RSA2')
    .meta({
      label: 'Signing algorithm',
      description: 'RSA2 (SHA256withRSA) unless your Alipay application was set up with the older RSA (SHA1withRSA).',
      itemTitles: { RSA: 'RSA (SHA1withRSA)', RSA2: 'RSA2 (SHA256withRSA)' },
    }),
  alipayPublicKey: z
    .string()
    // Blank means "not set": a cleared form field must not make the config invalid.
    .refine((text) => text.trim() === '' || readRsaKey(text, 'public') !== undefined, { message: keyProblems.public })
    .optional()
    .meta({
      label: 'Alipay public key (optional)',
      placeholder: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----',
      description:
        'The “支付宝公钥” shown in the Alipay console after you upload your public key. When set, the signature of every gateway answer is checked with it.',
      multiline: true,
    }),
  gatewayUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default(defaultGatewayUrl)
    .meta({
      label: 'Gateway URL (optional)',
      placeholder: defaultGatewayUrl,
      description: 'The Alipay Open Platform gateway. Change it only for the sandbox (https://openapi-sandbox.dl.alipaydev.com/gateway.do) or a proxy.',
    }),
};

/** What the gateway client needs from a connector's config. */
export type AlipayGatewayConfig = {
  appId: string;
  privateKey: string;
  signType: AlipaySignType;
  alipayPublicKey?: string | undefined;
  gatewayUrl: string;
};
