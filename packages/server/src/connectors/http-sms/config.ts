import { z } from 'zod';
import { httpMessageConfigFields } from '../http-message/config.ts';
import { templatesSchema } from '../templates.ts';

export const httpSmsConfigSchema = z.object({
  ...httpMessageConfigFields,
  templates: templatesSchema({ content: z.string().min(1).max(2000) })
    .optional()
    .meta({
      label: 'Templates',
      description:
        'Optional. One template per usage type ({ usageType, content }); when set, the rendered content ({{code}} filled in) is added to the request body. Leave empty to build the text on your side from "type" and "payload".',
    }),
});

export type HttpSmsConfig = z.infer<typeof httpSmsConfigSchema>;
