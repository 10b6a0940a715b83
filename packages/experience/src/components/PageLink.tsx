import type { MouseEvent, ReactNode } from 'react';
import { useExperience } from '../context.ts';
import { pathOfPage, type FlowPage } from '../flow.ts';

/** A real link (it works in a new tab) that switches pages in place, which restarts the flow's event. */
export function PageLink({ page, children }: { page: FlowPage; children: ReactNode }) {
  const { navigate, preview } = useExperience();
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    // Let the browser open a new tab or window as asked, except in a preview, which must stay put.
    if (!preview && (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0)) return;
    event.preventDefault();
    navigate(page);
  }
  return (
    <a href={pathOfPage(page)} onClick={onClick}>
      {children}
    </a>
  );
}
