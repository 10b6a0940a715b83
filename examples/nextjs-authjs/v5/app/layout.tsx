import type { ReactNode } from 'react';

export const metadata = { title: 'Bookstore (Auth.js v5 + Signet)' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: '2rem' }}>{children}</body>
    </html>
  );
}
