// A minimal password sign-in page, enough to sign in from a browser until the sign-in app
// (packages/experience) replaces it. It only talks to the Experience API.
import { randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';

const script = `
const form = document.querySelector('form');
const error = document.querySelector('[role=alert]');
async function call(method, path, body) {
  const response = await fetch('/api/experience' + path, {
    method, credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? {} : await response.json();
  if (!response.ok) throw new Error(data.message || 'Sign-in failed');
  return data;
}
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const value = form.identifier.value.trim();
  try {
    await call('PUT', '', { interactionEvent: 'SignIn' });
    const { verificationId } = await call('POST', '/verification/password', {
      identifier: { type: value.includes('@') ? 'email' : 'username', value },
      password: form.password.value,
    });
    await call('POST', '/identification', { verificationId });
    const { redirectTo } = await call('POST', '/submit', {});
    window.location.assign(redirectTo);
  } catch (e) { error.textContent = e.message; }
});`;

export function signInPage(): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' || ctx.path !== '/sign-in') return next();
    const nonce = randomBytes(16).toString('base64');
    ctx.set('Content-Security-Policy', `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; frame-ancestors 'none'`);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'html';
    ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sign in</title>
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:12vh auto;padding:0 1rem}label{display:block;margin:.75rem 0 .25rem}input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}button{margin-top:1rem;width:100%;padding:.6rem;font:inherit}[role=alert]{color:#b42318;min-height:1.5em}</style></head>
<body><main><h1>Sign in</h1><form novalidate>
<label for="identifier">Username or email</label><input id="identifier" name="identifier" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p role="alert" aria-live="assertive"></p><button type="submit">Sign in</button></form></main>
<script nonce="${nonce}">${script}</script></body></html>`;
  };
}
