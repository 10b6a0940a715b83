// Placeholder: the pages of this area are being built.
import { PageHeader } from '../../components/Page.tsx';
export function AdminsPage() { return <PageHeader title="AdminsPage" />; }
