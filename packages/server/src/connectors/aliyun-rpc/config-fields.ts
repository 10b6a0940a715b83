// Config fields both Aliyun connectors share, so their forms read the same.
import { z } from 'zod';

export const accessKeyIdField = () =>
  z.string().trim().min(1, 'is required').meta({
    label: 'AccessKey ID',
    placeholder: 'LTAI…',
    description: 'The AccessKey ID of a RAM user allowed to call this service.',
  });

export const accessKeySecretField = () =>
  z.string().trim().min(1, 'is required').meta({
    label: 'AccessKey Secret',
    placeholder: '<access-key-secret>',
    description: 'Shown once when the AccessKey is created.',
    confidential: true,
  });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * An optional endpoint override. An empty string (a cleared Console field) means "not set", which is
 * why this is a refined string and not `z.url()` behind a preprocess (that would turn the form item
 * into Json).
 */
export const endpointField = (defaultText: string) =>
  z
    .string()
    .trim()
    .refine((value) => value === '' || isHttpUrl(value), 'must be an http(s) URL')
    .optional()
    .meta({
      label: 'Endpoint',
      placeholder: defaultText,
      description: 'Overrides the service endpoint (private link, proxy, tests). Leave empty for the default.',
    });
