// Text that came back from the outside (a receiver's error page, an SMTP server's reply) may echo
// what we sent, secrets included. Everything such text passes through here before it reaches an
// error message.

const minimumSecretLength = 4;

/** The forms a secret may take in an echo: as is, and the credential part of `Scheme credential`. */
function secretForms(secret: string): string[] {
  const forms = [secret];
  const credential = /^\S+\s+(\S+)$/.exec(secret.trim())?.[1];
  if (credential && credential.length >= 8) forms.push(credential);
  return forms;
}

/** Replaces every occurrence of each secret (and of its extra `forms`) with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[], extraForms: (secret: string) => string[] = () => []): string {
  let result = text;
  for (const secret of secrets) {
    if (!secret || secret.length < minimumSecretLength) continue;
    const forms = [...secretForms(secret), ...extraForms(secret)].sort((a, b) => b.length - a.length);
    for (const form of forms) result = result.split(form).join('[redacted]');
  }
  return result;
}

/** At most `max` characters (code points), with an ellipsis when something was cut. */
export function truncate(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}
