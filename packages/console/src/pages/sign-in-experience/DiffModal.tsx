// "Save changes" first shows what will change, one line per changed setting; confirming applies it.
import { Button } from '../../components/Button.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { Change } from './diff.ts';

function ChangeRow({ change }: { change: Change }) {
  const t = useT();
  switch (change.kind) {
    case 'changed':
      return (
        <tr>
          <th scope="row">{change.label}</th>
          <td className="sie-diff-before">{change.before}</td>
          <td className="sie-diff-after">{change.after}</td>
        </tr>
      );
    case 'added':
      return (
        <tr>
          <th scope="row">{change.label}</th>
          <td className="sie-diff-before">—</td>
          <td className="sie-diff-after">
            <span className="badge badge-success">{t('sign-in-experience.diff.added_badge')}</span> {change.item}
          </td>
        </tr>
      );
    case 'removed':
      return (
        <tr>
          <th scope="row">{change.label}</th>
          <td className="sie-diff-before">
            <del>{change.item}</del>
          </td>
          <td className="sie-diff-after">
            <span className="badge badge-danger">{t('sign-in-experience.diff.removed_badge')}</span>
          </td>
        </tr>
      );
    case 'reordered':
      return (
        <tr>
          <th scope="row">
            {change.label} <span className="badge">{t('sign-in-experience.diff.reordered_badge')}</span>
          </th>
          <td className="sie-diff-before">{change.before}</td>
          <td className="sie-diff-after">{change.after}</td>
        </tr>
      );
  }
}

type Props = { open: boolean; changes: Change[]; busy: boolean; onConfirm(): void; onCancel(): void };

export function DiffModal({ open, changes, busy, onConfirm, onCancel }: Props) {
  const t = useT();
  return (
    <Modal
      open={open}
      size="large"
      title={t('sign-in-experience.diff.title')}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button variant="primary" busy={busy} onClick={onConfirm}>
            {busy ? t('common.saving') : t('sign-in-experience.diff.confirm')}
          </Button>
        </>
      }
    >
      <p>{t('sign-in-experience.diff.intro', { count: changes.length })}</p>
      <table className="table sie-diff">
        <thead>
          <tr>
            <th scope="col">{t('sign-in-experience.diff.field')}</th>
            <th scope="col">{t('sign-in-experience.diff.before')}</th>
            <th scope="col">{t('sign-in-experience.diff.after')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change, index) => (
            <ChangeRow key={index} change={change} />
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
