import { getServerSession } from 'next-auth';
import { authOptions } from '@/auth';
import SignIn from './components/sign-in';
import { SignOut } from './components/sign-out';

export default async function Home() {
  const session = await getServerSession(authOptions);
  const user = session?.user;
  return (
    <main>
      <h1>Bookstore</h1>
      {user ? (
        <section aria-label="Session">
          {user.image ? <img src={user.image} alt="" width={48} height={48} data-testid="user-image" /> : null}
          <p>
            Signed in as <strong data-testid="user-name">{user.name ?? ''}</strong>
          </p>
          <p>
            Email: <span data-testid="user-email">{user.email ?? ''}</span>
          </p>
          <SignOut />
        </section>
      ) : (
        <>
          <p>You are not signed in.</p>
          <SignIn />
        </>
      )}
    </main>
  );
}
