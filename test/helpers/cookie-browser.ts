import assert from 'node:assert/strict';

/** A browser as far as the hosted UI needs one: fetch without following redirects, keeping cookies. */
export class CookieBrowser {
  readonly jar = new Map<string, string>();

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.jar.size === 0 ? extra : { ...extra, cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  private remember(res: Response): Response {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const maxAge = attrs.find((a) => a.trim().toLowerCase().startsWith('max-age='));
      if (maxAge !== undefined && Number(maxAge.split('=')[1]) <= 0) this.jar.delete(name);
      else this.jar.set(name, pair!.slice(i + 1).trim());
    }
    return res;
  }

  async get(url: string | URL): Promise<Response> {
    return this.remember(await fetch(url, { redirect: 'manual', headers: this.headers() }));
  }

  async post(url: string | URL, form: Record<string, string>): Promise<Response> {
    const headers = this.headers({ 'content-type': 'application/x-www-form-urlencoded' });
    return this.remember(await fetch(url, { method: 'POST', redirect: 'manual', headers, body: new URLSearchParams(form).toString() }));
  }

  /** From an authorization URL to the app's callback URL: follow to the sign-in page, sign in. */
  async signIn(authorizationUrl: URL, username: string, password: string): Promise<URL> {
    const first = await this.get(authorizationUrl);
    assert.equal(first.status, 302, 'authorize redirects to the sign-in page');
    const loginUrl = new URL(first.headers.get('location') ?? '', authorizationUrl);
    const page = await this.get(loginUrl);
    assert.equal(page.status, 200);
    const html = await page.text();
    const action = /action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? assert.fail('no form action');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('no _csrf field');
    const done = await this.post(new URL(action, loginUrl), { _csrf: csrf, username, password });
    assert.equal(done.status, 302, 'signing in redirects to the callback');
    return new URL(done.headers.get('location') ?? '');
  }
}
