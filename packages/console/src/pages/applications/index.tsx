// Placeholder: the pages of this area are being built.
import { PageHeader } from '../../components/Page.tsx';
export function ApplicationsPage() { return <PageHeader title="ApplicationsPage" />; }
export function ApplicationDetailsPage(_props: { id: string }) { return <PageHeader title="ApplicationDetailsPage" />; }
export function ApplicationGuidePage(_props: { id: string }) { return <PageHeader title="ApplicationGuidePage" />; }
