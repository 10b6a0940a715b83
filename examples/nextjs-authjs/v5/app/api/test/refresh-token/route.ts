// For the end-to-end tests only (EXAMPLE_EXPOSE_REFRESH_TOKEN=true): the refresh token Signet gave this
// session, so a test can check that it works at the token endpoint. Answers 404 otherwise.
import { auth } from '@/auth';

export async function GET() {
  if (process.env.EXAMPLE_EXPOSE_REFRESH_TOKEN !== 'true') return new Response(null, { status: 404 });
  const session = await auth();
  if (!session) return Response.json({ error: 'not signed in' }, { status: 401 });
  return Response.json({ refreshToken: session.refreshToken ?? null });
}
