// Get started: a few framework cards and "View all", which opens the create-application gallery; then
// the next things an admin usually sets up, each a link to its page.
import { useState } from 'react';
import { useT } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { Link } from '../../router.tsx';
import { Card, PageHeader } from '../../components/Page.tsx';
import { Button } from '../../components/Button.tsx';
import { CreateApplicationModal } from '../applications/index.tsx';
import { catalogEntry, type CatalogEntry, type CatalogId } from '../applications/catalog.ts';
import { FrameworkCard } from '../applications/FrameworkCard.tsx';

const featured: CatalogId[] = ['authjs', 'nextjs', 'react', 'vue', 'express', 'ios-swift', 'android-kotlin', 'machine-to-machine'];

const nextSteps: { to: string; title: MessageKey; body: MessageKey }[] = [
  { to: '/console/sign-in-experience/branding', title: 'get-started.next.branding', body: 'get-started.next.branding_body' },
  { to: '/console/sign-in-experience/sign-up-and-sign-in', title: 'get-started.next.sign_in', body: 'get-started.next.sign_in_body' },
  { to: '/console/connectors/social', title: 'get-started.next.social', body: 'get-started.next.social_body' },
  { to: '/console/connectors/passwordless', title: 'get-started.next.passwordless', body: 'get-started.next.passwordless_body' },
  { to: '/console/users', title: 'get-started.next.users', body: 'get-started.next.users_body' },
  { to: '/console/admins', title: 'get-started.next.admins', body: 'get-started.next.admins_body' },
];

export function GetStartedPage() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<CatalogEntry>();
  const openGallery = (entry?: CatalogEntry) => {
    setPicked(entry);
    setOpen(true);
  };
  return (
    <>
      <PageHeader title={t('get-started.title')} subtitle={t('get-started.subtitle')} />
      <Card
        title={t('get-started.create.title')}
        description={t('get-started.create.body')}
        actions={
          <Button variant="primary" onClick={() => openGallery()}>
            {t('get-started.view_all')}
          </Button>
        }
      >
        <div className="framework-grid">
          {featured.map((id) => {
            const entry = catalogEntry(id)!;
            return <FrameworkCard key={id} entry={entry} onPick={openGallery} />;
          })}
        </div>
      </Card>
      <Card title={t('get-started.next.title')}>
        <ul className="next-steps">
          {nextSteps.map((step) => (
            <li key={step.to}>
              <Link to={step.to} className="next-step">
                <span className="next-step-title">{t(step.title)}</span>
                <span className="field-hint">{t(step.body)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </Card>
      <CreateApplicationModal open={open} initialEntry={picked} onClose={() => setOpen(false)} />
    </>
  );
}
