// Message templates of email and SMS connectors: one per usage type, and always the four a sign-in
// flow needs, so a connector that saves cleanly can send every code Signet will ask it for.
import { z } from 'zod';
import { requiredTemplateUsageTypes, templateUsageTypeSchema } from '@signet/schemas';

function checkUsageTypes(templates: readonly { usageType: string }[], context: z.RefinementCtx): void {
  const present = new Set(templates.map((template) => template.usageType));
  const missing = requiredTemplateUsageTypes.filter((type) => !present.has(type));
  if (missing.length > 0) {
    context.addIssue({ code: 'custom', message: `needs a template for every one of Register, SignIn, ForgotPassword, Generic; missing: ${missing.join(', ')}` });
  }
  const seen = new Set<string>();
  for (const template of templates) {
    if (seen.has(template.usageType)) context.addIssue({ code: 'custom', message: `has two templates for usage type "${template.usageType}"` });
    seen.add(template.usageType);
  }
}

/**
 * `fields`: what a template holds besides `usageType` (e.g. `subject` and `content` for email,
 * `templateCode` for Aliyun SMS). The error names the missing usage types.
 */
export function templatesSchema<Shape extends z.ZodRawShape>(fields: Shape) {
  const template = z.object({ usageType: templateUsageTypeSchema }).extend(fields);
  return z
    .array(template)
    .max(50)
    .superRefine((templates, context) => checkUsageTypes(templates as unknown as { usageType: string }[], context));
}
