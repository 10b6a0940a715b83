import { z } from 'zod';
import { httpMessageConfigFields } from '../http-message/config.ts';
import { emailTemplateFields } from '../smtp/render.ts';
import { templatesSchema } from '../templates.ts';

export const httpEmailConfigSchema = z.object({
  ...httpMessageConfigFields,
  templates: templatesSchema(emailTemplateFields)
    .optional()
    .meta({
      label: 'Templates',
      description:
        'Optional. One template per usage type ({ usageType, subject, content, contentType }); when set, the rendered subject and content ({{code}}, {{link}} filled in) are added to the request body. Leave empty to build the mail on your side from "type" and "payload".',
    }),
});

export type HttpEmailConfig = z.infer<typeof httpEmailConfigSchema>;
