// One polite live region for short confirmations ("Saved"); errors are shown next to what failed.
import { useSyncExternalStore } from 'react';

let message: { id: number; text: string } | undefined;
const listeners = new Set<() => void>();
let counter = 0;

export function toast(text: string): void {
  const id = ++counter;
  message = { id, text };
  listeners.forEach((listener) => listener());
  setTimeout(() => {
    if (message?.id === id) {
      message = undefined;
      listeners.forEach((listener) => listener());
    }
  }, 3000);
}

export function ToastRegion() {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => message,
  );
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {current && <div className="toast">{current.text}</div>}
    </div>
  );
}
