// Renders Markdown (connector READMEs, integration guides) with micromark: CommonMark + GitHub tables.
// micromark escapes raw HTML and unsafe link protocols by default, so a README cannot inject markup;
// the Console's CSP (script-src 'self') is the second fence.
import { useMemo } from 'react';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => micromark(source, { extensions: [gfm()], htmlExtensions: [gfmHtml()] }), [source]);
  return <div className={['markdown', className].filter(Boolean).join(' ')} dangerouslySetInnerHTML={{ __html: html }} />;
}
