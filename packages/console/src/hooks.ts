import { useCallback, useEffect, useRef, useState } from 'react';

export type Resource<T> = { data: T | undefined; error: unknown; loading: boolean; reload(): void; setData(data: T): void };

/** Loads data for a page; `deps` restart it. Late answers of an earlier load are dropped. */
export function useResource<T>(load: () => Promise<T>, deps: unknown[]): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const run = useCallback(() => {
    const current = ++generation.current;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    loadRef.current().then(
      (data) => current === generation.current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => current === generation.current && setState({ data: undefined, error, loading: false }),
    );
  }, []);
  useEffect(run, deps);
  const setData = useCallback((data: T) => setState({ data, error: undefined, loading: false }), []);
  return { ...state, reload: run, setData };
}

/** Deep equality for plain JSON data (forms compare their draft with what was loaded). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
