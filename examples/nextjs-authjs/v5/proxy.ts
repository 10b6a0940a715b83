// The guide's optional middleware, which keeps the session alive (Auth.js refreshes the session
// cookie's expiry on each request). Next.js 16 calls middleware "proxy"; on Next.js 15 name this file
// middleware.ts and write `export { auth as middleware } from '@/auth';` as the guide does.
export { auth as proxy } from '@/auth';

export const config = {
  // Pages only: not Next's assets, not Auth.js's own routes.
  matcher: ['/((?!api/auth|_next/static|_next/image|favicon.ico).*)'],
};
