// An ordered list the admin rearranges by dragging (HTML5 drag and drop) or with "Move up" / "Move
// down" buttons, for keyboards and screen readers; each move is announced.
import { useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useT } from '../../i18n/i18n.tsx';
import { Button } from '../../components/Button.tsx';

type Props<T> = {
  /** The list's accessible name. */
  label: string;
  items: readonly T[];
  keyOf(item: T): string;
  /** The item's name in buttons and announcements ("Move Email address up"). */
  nameOf(item: T): string;
  onReorder(items: T[]): void;
  onRemove(item: T): void;
  /** The row's content between the drag handle and the buttons. */
  render(item: T): ReactNode;
  /** A row's error, under it. */
  errorOf?(item: T): string | undefined;
};

export function move<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

export function SortableList<T>({ label, items, keyOf, nameOf, onReorder, onRemove, render, errorOf }: Props<T>) {
  const t = useT();
  const list = useRef<HTMLOListElement>(null);
  const [dragged, setDragged] = useState<number>();
  const [over, setOver] = useState<number>();
  const [announcement, setAnnouncement] = useState('');
  // React moves list nodes when the order changes, which can drop the focus: put it back on the button.
  const [refocus, setRefocus] = useState<{ key: string; direction: 'up' | 'down' }>();

  useEffect(() => {
    if (!refocus || !list.current) return;
    const row = [...list.current.querySelectorAll<HTMLElement>('[data-sortable-key]')].find((element) => element.dataset.sortableKey === refocus.key);
    const preferred = row?.querySelector<HTMLButtonElement>(`button[data-move="${refocus.direction}"]:not(:disabled)`);
    (preferred ?? row?.querySelector<HTMLButtonElement>('button[data-move]:not(:disabled)'))?.focus();
    setRefocus(undefined);
  }, [refocus]);

  const moveTo = (from: number, to: number, direction?: 'up' | 'down') => {
    if (to < 0 || to >= items.length || from === to) return;
    const item = items[from]!;
    onReorder(move(items, from, to));
    setAnnouncement(t('sign-in-experience.sort.moved', { item: nameOf(item), position: to + 1, count: items.length }));
    if (direction) setRefocus({ key: keyOf(item), direction });
  };

  const drop = (event: DragEvent, index: number) => {
    event.preventDefault();
    if (dragged !== undefined) moveTo(dragged, index);
    setDragged(undefined);
    setOver(undefined);
  };

  return (
    <>
      <ol className="sie-sortable" aria-label={label} ref={list}>
        {items.map((item, index) => {
          const key = keyOf(item);
          const name = nameOf(item);
          const error = errorOf?.(item);
          return (
            <li
              key={key}
              data-sortable-key={key}
              className={['sie-sortable-row', dragged === index && 'sie-dragging', over === index && dragged !== index && 'sie-drop-target', error && 'sie-row-invalid']
                .filter(Boolean)
                .join(' ')}
              onDragOver={(event) => {
                if (dragged === undefined) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = 'move';
                if (over !== index) setOver(index);
              }}
              onDragLeave={() => over === index && setOver(undefined)}
              onDrop={(event) => drop(event, index)}
            >
              <div className="sie-sortable-main">
                <span
                  className="sie-drag-handle"
                  draggable
                  title={t('sign-in-experience.sort.drag')}
                  aria-hidden="true"
                  data-drag-handle={key}
                  onDragStart={(event) => {
                    event.dataTransfer.effectAllowed = 'move';
                    event.dataTransfer.setData('text/plain', key);
                    const row = event.currentTarget.closest('li');
                    if (row) event.dataTransfer.setDragImage(row, 16, 16);
                    setDragged(index);
                  }}
                  onDragEnd={() => {
                    setDragged(undefined);
                    setOver(undefined);
                  }}
                >
                  ⠿
                </span>
                <div className="sie-sortable-content">{render(item)}</div>
                <div className="sie-sortable-buttons">
                  <Button variant="ghost" data-move="up" disabled={index === 0} aria-label={t('sign-in-experience.sort.up', { item: name })} onClick={() => moveTo(index, index - 1, 'up')}>
                    ↑
                  </Button>
                  <Button
                    variant="ghost"
                    data-move="down"
                    disabled={index === items.length - 1}
                    aria-label={t('sign-in-experience.sort.down', { item: name })}
                    onClick={() => moveTo(index, index + 1, 'down')}
                  >
                    ↓
                  </Button>
                  <Button variant="ghost" aria-label={t('sign-in-experience.sort.remove', { item: name })} onClick={() => onRemove(item)}>
                    {t('common.remove')}
                  </Button>
                </div>
              </div>
              {error && (
                <p className="field-error">
                  {error}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <p className="sie-sr-only" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}
