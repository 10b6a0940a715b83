// Placeholder: the pages of this area are being built.
import { PageHeader } from '../../components/Page.tsx';
export function SignInExperiencePage(_props: { tab: string }) { return <PageHeader title="SignInExperiencePage" />; }
