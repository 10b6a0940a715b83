// The few HTML pages oidc-provider itself renders. Everything is escaped; nothing internal is shown.
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:15vh auto;padding:0 1rem;color:#1f2328}button{font:inherit;padding:.5rem 1rem}</style></head><body>${body}</body></html>`;
}

/**
 * RP-initiated logout. oidc-provider hands over a form carrying its CSRF token; it submits itself
 * (logout=yes) so the user is not asked a question the app already asked. Without script the
 * button does the same.
 */
export function renderLogoutConfirmation(form: string): string {
  const withChoice = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/><button type="submit">Sign out</button></form>');
  return page('Signing out…', `<h1>Signing out…</h1>${withChoice}<script>document.forms[0].submit()</script>`);
}

export function renderLogoutSuccess(): string {
  return page('Signed out', '<h1>You are signed out</h1><p>You can close this window.</p>');
}

export function renderOidcError(out: { error?: string; error_description?: string }): string {
  return page(
    'Sign-in error',
    `<h1>Something went wrong</h1><p><code>${escapeHtml(String(out.error ?? 'server_error'))}</code></p><p>${escapeHtml(String(out.error_description ?? ''))}</p>`,
  );
}
