// One framework in the gallery: logo (initials), name and a one-line description. The button's name is
// the framework's name alone, so "Auth.js (Next Auth)" is found by name; the description is its
// accessible description.
import { useId } from 'react';
import { useT, type Translator } from '../../i18n/i18n.tsx';
import type { CatalogEntry } from './catalog.ts';

export function entryName(entry: CatalogEntry, t: Translator): string {
  const key = `applications.framework_name.${entry.id}`;
  if (t.has(key)) return t(key);
  return entry.framework?.name ?? entry.id;
}

export function entryDescription(entry: CatalogEntry, t: Translator): string {
  const key = `applications.framework.${entry.id}`;
  return t.has(key) ? t(key) : '';
}

export function FrameworkLogo({ entry, size = 'normal' }: { entry: CatalogEntry; size?: 'normal' | 'large' }) {
  return (
    <span className={`framework-logo framework-logo-${size}`} style={{ background: entry.color }} aria-hidden="true">
      {entry.initials}
    </span>
  );
}

export function FrameworkCard({ entry, onPick }: { entry: CatalogEntry; onPick(entry: CatalogEntry): void }) {
  const t = useT();
  const id = useId();
  return (
    <button type="button" className="framework-card" aria-labelledby={`${id}-name`} aria-describedby={`${id}-description`} onClick={() => onPick(entry)} data-framework={entry.id}>
      <FrameworkLogo entry={entry} />
      <span className="framework-card-text">
        <span id={`${id}-name`} className="framework-card-name">
          {entryName(entry, t)}
        </span>
        <span id={`${id}-description`} className="framework-card-description">
          {entryDescription(entry, t)}
        </span>
      </span>
    </button>
  );
}
