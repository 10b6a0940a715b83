// Placeholder: the pages of this area are being built.
import { PageHeader } from '../../components/Page.tsx';
export function UsersPage() { return <PageHeader title="UsersPage" />; }
export function UserDetailsPage(_props: { id: string }) { return <PageHeader title="UserDetailsPage" />; }
