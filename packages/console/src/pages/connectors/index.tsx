// Placeholder: the pages of this area are being built.
import { PageHeader } from '../../components/Page.tsx';
export function ConnectorsPage(_props: { tab: 'social' | 'passwordless' }) { return <PageHeader title="ConnectorsPage" />; }
export function ConnectorDetailsPage(_props: { tab: 'social' | 'passwordless'; id: string }) { return <PageHeader title="ConnectorDetailsPage" />; }
