// Dialogs use the native <dialog> element: showModal() gives the focus trap, Escape to close and an
// inert page behind it for free.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { Button } from './Button.tsx';

type ModalProps = { open: boolean; title: ReactNode; onClose(): void; children: ReactNode; footer?: ReactNode; size?: 'normal' | 'large' };

export function Modal({ open, title, onClose, children, footer, size = 'normal' }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const t = useT();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`modal modal-${size}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <header className="modal-header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
              ×
            </button>
          </header>
          <div className="modal-body">{children}</div>
          {footer && <footer className="modal-footer">{footer}</footer>}
        </>
      )}
    </dialog>
  );
}

type ConfirmProps = { open: boolean; title: ReactNode; body: ReactNode; confirmLabel: string; danger?: boolean; busy?: boolean; error?: string | undefined; onConfirm(): void; onCancel(): void };

export function ConfirmDialog({ open, title, body, confirmLabel, danger = false, busy = false, error, onConfirm, onCancel }: ConfirmProps) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={title}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button variant={danger ? 'danger' : 'primary'} busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div>{body}</div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </Modal>
  );
}
