// A small history-API router: the Console has a dozen routes and needs one thing most routers make
// awkward, a navigation guard for unsaved changes that shows our own dialog.
import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export const basePath = '/console';

const listeners = new Set<() => void>();
function emit() {
  for (const listener of listeners) listener();
}
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current path and query string, e.g. `/console/applications/abc?tab=settings`. */
export function useLocation(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
}

export function useSearchParam(name: string): string | null {
  const location = useLocation();
  return new URL(location, window.location.origin).searchParams.get(name);
}

// --- unsaved-changes guard -------------------------------------------------------------------

type PendingNavigation = { proceed(): void };
const blockers = new Set<string>();
let pending: PendingNavigation | undefined;

export function usePendingNavigation(): PendingNavigation | undefined {
  return useSyncExternalStore(subscribe, () => pending);
}

export function resolvePendingNavigation(leave: boolean): void {
  const current = pending;
  pending = undefined;
  if (leave && current) {
    blockers.clear();
    current.proceed();
  }
  emit();
}

/** While `dirty`, leaving the page (links, back button, closing the tab) asks first. */
export function useUnsavedChangesGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const id = crypto.randomUUID();
    blockers.add(id);
    const beforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      blockers.delete(id);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [dirty]);
}

let currentUrl = typeof window === 'undefined' ? '' : window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const go = () => {
    if (options.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    currentUrl = to;
    window.scrollTo(0, 0);
    emit();
  };
  if (blockers.size > 0 && to !== currentUrl) {
    pending = { proceed: go };
    emit();
    return;
  }
  go();
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    const target = window.location.pathname + window.location.search;
    if (blockers.size > 0) {
      // The browser already moved: put the page back and ask.
      window.history.pushState(null, '', currentUrl);
      pending = { proceed: () => navigate(target, { replace: true }) };
    } else {
      currentUrl = target;
    }
    emit();
  });
}

/** Matches `/console/applications/:id` against a path; answers the params or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = path.split('?')[0]!.split('/').filter(Boolean);
  if (patternParts.length !== pathParts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of patternParts.entries()) {
    const actual = pathParts[index]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return undefined;
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
