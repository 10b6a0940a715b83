// Turns an email template into the subject and bodies to send. Shared with the HTTP email
// connector, which sends the same rendering to the admin's endpoint.
import { z } from 'zod';
import type { MessagePayload } from '../kit.ts';
import { renderTemplate } from '../kit.ts';

export const emailContentTypes = ['text/plain', 'text/html'] as const;
export type EmailContentType = (typeof emailContentTypes)[number];

/** The fields of one email template besides `usageType` (Logto's SMTP template shape). */
export const emailTemplateFields = {
  subject: z.string().min(1).max(998),
  content: z.string().min(1).max(200_000),
  contentType: z.enum(emailContentTypes).default('text/plain'),
};

export type EmailTemplate = { subject: string; content: string; contentType: EmailContentType };
export type RenderedEmail = { subject: string; text: string; html?: string };

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);
}

function escapedPayload(payload: MessagePayload): MessagePayload {
  return Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, value === undefined ? undefined : escapeHtml(value)]));
}

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A plain-text version of an HTML body for the text/plain alternative: good enough for a short
 * verification mail (block ends become line breaks, links keep their address), not a renderer.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(style|script|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<a\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a\s*>/gi, (_whole, _quote: string, href: string, label: string) => {
      const text = label.replace(/<[^>]*>/g, '').trim();
      return text && text !== href ? `${text} (${href})` : href;
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|table|blockquote|section|article|header|footer)\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '- ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, entity: string) => {
      if (!entity.startsWith('#')) return namedEntities[entity.toLowerCase()] ?? whole;
      const hex = entity[1] === 'x' || entity[1] === 'X';
      const codePoint = Number.parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * `{{code}}`, `{{link}}` … filled in. In an HTML body the values are HTML-escaped, so a link with
 * `&` stays a valid attribute and no value can inject markup; the subject is a header, never HTML.
 */
export function renderEmail(template: EmailTemplate, payload: MessagePayload): RenderedEmail {
  const subject = renderTemplate(template.subject, payload).replace(/[\r\n]+/g, ' ');
  if (template.contentType === 'text/html') {
    const html = renderTemplate(template.content, escapedPayload(payload));
    return { subject, html, text: htmlToText(html) };
  }
  return { subject, text: renderTemplate(template.content, payload) };
}
