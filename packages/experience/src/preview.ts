// Preview mode (?preview=1): the Console shows an unsaved configuration in an iframe. Nothing is sent
// to the API; the page renders whatever its same-origin parent posts, each time it posts.
import type { ExperiencePreviewMessage } from '@signet/schemas';

export const isPreview = (search: string): boolean => new URLSearchParams(search).get('preview') === '1';

/**
 * Listens to the parent and tells it when the page is ready. The message is checked against the
 * contract's zod schema, loaded only here so normal pages do not download zod.
 */
export async function listenForPreview(onMessage: (message: ExperiencePreviewMessage) => void): Promise<() => void> {
  const { experiencePreviewMessageSchema } = await import('./preview-schema.ts');
  const listener = (event: MessageEvent) => {
    if (event.origin !== window.location.origin || event.source !== window.parent) return;
    const parsed = experiencePreviewMessageSchema.safeParse(event.data);
    if (parsed.success) onMessage(parsed.data);
    else console.warn('signet: ignored a preview message that does not match ExperiencePreviewMessage', parsed.error.issues);
  };
  window.addEventListener('message', listener);
  window.parent.postMessage({ type: 'signet:preview-ready' }, window.location.origin);
  return () => window.removeEventListener('message', listener);
}
