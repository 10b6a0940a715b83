// A minimal user agent for OIDC flows without Chromium: a cookie jar (cookies are shared across
// ports of one host, as in browsers), manual redirects, JSON calls to the Experience API.
export class CookieBrowser {
  readonly cookies = new Map<string, string>();

  #store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const separator = pair!.indexOf('=');
      const name = pair!.slice(0, separator).trim();
      const value = pair!.slice(separator + 1).trim();
      const expired = /max-age=0|expires=Thu, 01 Jan 1970/i.test(header);
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  #cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.#cookieHeader() },
    });
    this.#store(response);
    return response;
  }

  /** Follows redirects until one leaves for `stopAt` (returned, not fetched) or a page answers. */
  async navigate(url: string, stopAt: string, rewrite: (url: string) => string = (value) => value): Promise<{ url: string; response?: Response }> {
    let current = url;
    for (let hop = 0; hop < 10; hop += 1) {
      if (current.startsWith(stopAt)) return { url: current };
      const response = await this.request(rewrite(current));
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      current = new URL(location, current).href;
    }
    throw new Error('too many redirects');
  }

  async json<T = unknown>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await this.request(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Username/email + password through the Experience API; returns where the browser goes next. */
  async signInWithPassword(baseUrl: string, identifier: { type: 'username' | 'email'; value: string }, password: string): Promise<string> {
    const started = await this.json('PUT', `${baseUrl}/api/experience`, { interactionEvent: 'SignIn' });
    if (started.status !== 200) throw new Error(`start failed: ${JSON.stringify(started.body)}`);
    const verified = await this.json<{ verificationId: string }>('POST', `${baseUrl}/api/experience/verification/password`, { identifier, password });
    if (verified.status !== 200) throw new Error(`password failed: ${JSON.stringify(verified.body)}`);
    const identified = await this.json('POST', `${baseUrl}/api/experience/identification`, { verificationId: verified.body.verificationId });
    if (identified.status !== 200) throw new Error(`identification failed: ${JSON.stringify(identified.body)}`);
    const submitted = await this.json<{ redirectTo: string }>('POST', `${baseUrl}/api/experience/submit`);
    if (submitted.status !== 200) throw new Error(`submit failed: ${JSON.stringify(submitted.body)}`);
    return submitted.body.redirectTo;
  }
}
