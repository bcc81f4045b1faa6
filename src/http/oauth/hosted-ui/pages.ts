/**
 * Server-rendered hosted pages: sign-in form, challenge forms (new password, MFA code, MFA
 * choice, authenticator set-up) and the error page. Plain HTML with inline styles, no scripts,
 * no external assets; every value is escaped.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f2f3f3;margin:0;color:#16191f}
main{max-width:360px;margin:48px auto;background:#fff;padding:28px 32px;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{font-size:20px;margin:0 0 18px}
label{display:block;font-size:14px;margin:14px 0 4px}
input[type=text],input[type=password],input[type=email]{width:100%;box-sizing:border-box;padding:9px;border:1px solid #aab7b8;border-radius:4px;font-size:15px}
button{margin-top:20px;width:100%;padding:10px;border:0;border-radius:4px;background:#0972d3;color:#fff;font-size:15px;cursor:pointer}
.error{background:#fdf3f1;border:1px solid #d91515;color:#d91515;padding:9px;border-radius:4px;font-size:14px}
.hint{font-size:13px;color:#5f6b7a}
code{word-break:break-all;background:#f2f3f3;padding:2px 4px}
.choice{display:flex;gap:8px;align-items:center;margin:8px 0;font-size:15px}
.idp{display:block;text-align:center;padding:10px;border:1px solid #0972d3;border-radius:4px;color:#0972d3;text-decoration:none;font-size:15px}
`;

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body></html>
`;
}

const hidden = (name: string, value: string): string => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
const errorBox = (error: string | undefined): string => (error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`);

export interface FormContext {
  /** Where the form posts: `<base>/login?<oauth params>`. */
  action: string;
  csrf: string;
  poolName: string;
}

/** A way to sign in with an external identity provider: its name and the authorize URL that picks it. */
export interface ProviderLink {
  name: string;
  href: string;
}

/**
 * The sign-in page: the username/password form when the app client supports the pool's directory,
 * and a button per external identity provider it supports.
 */
export function loginPage(f: FormContext, opts: { error?: string; username?: string; form?: boolean; providers?: ProviderLink[] } = {}): string {
  const providers = opts.providers ?? [];
  const buttons = providers.map((p) => `<p><a class="idp" href="${escapeHtml(p.href)}">Sign in with ${escapeHtml(p.name)}</a></p>`).join('\n');
  const form =
    opts.form === false
      ? ''
      : `<form method="post" action="${escapeHtml(f.action)}">
${hidden('_csrf', f.csrf)}
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required value="${escapeHtml(opts.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" name="signInSubmitButton" value="Sign in">Sign in</button>
</form>`;
  return layout(
    'Sign in',
    `<h1>Sign in to ${escapeHtml(f.poolName)}</h1>
${errorBox(opts.error)}
${buttons}${buttons !== '' && form !== '' ? '\n<p class="hint">or with your username and password</p>\n' : ''}${form}`,
  );
}

export interface ChallengeView {
  name: string;
  session: string;
  username: string;
  parameters: Record<string, string>;
  secretCode?: string | undefined;
}

/** Challenge parameters a page needs again when it is shown a second time (wrong code). */
const KEPT_PARAMETERS = new Set(['requiredAttributes', 'MFAS_CAN_CHOOSE', 'MFAS_CAN_SETUP', 'CODE_DELIVERY_DESTINATION', 'CODE_DELIVERY_DELIVERY_MEDIUM', 'FRIENDLY_DEVICE_NAME']);

function challengeFields(f: FormContext, c: ChallengeView): string {
  const kept = Object.entries(c.parameters)
    .filter(([k]) => KEPT_PARAMETERS.has(k))
    .map(([k, v]) => hidden(`p.${k}`, v));
  if (c.secretCode !== undefined) kept.push(hidden('secret_code', c.secretCode));
  return `${hidden('_csrf', f.csrf)}${hidden('challenge_name', c.name)}${hidden('session', c.session)}${hidden('username', c.username)}${kept.join('')}`;
}

function codeInput(label: string): string {
  return `<label for="code">${escapeHtml(label)}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6,8}" required>`;
}

/** JSON-array string of the challenge parameters (`requiredAttributes`, `MFAS_CAN_CHOOSE`). */
function listParam(c: ChallengeView, name: string): string[] {
  try {
    const v = JSON.parse(c.parameters[name] ?? '[]') as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

const FACTOR_LABEL: Record<string, string> = { SMS_MFA: 'Text message (SMS)', SOFTWARE_TOKEN_MFA: 'Authenticator app', EMAIL_OTP: 'Email' };

export function challengePage(f: FormContext, c: ChallengeView, error?: string): string {
  let title: string;
  let fields: string;
  switch (c.name) {
    case 'NEW_PASSWORD_REQUIRED': {
      title = 'Change password';
      const required = listParam(c, 'requiredAttributes').map((a) => a.replace(/^userAttributes\./, ''));
      fields = `<p class="hint">Please enter a new password${required.length > 0 ? ' and the missing required attributes' : ''}.</p>
<label for="new_password">New password</label>
<input id="new_password" name="new_password" type="password" autocomplete="new-password" required>
${required.map((a) => `<label for="attr-${escapeHtml(a)}">${escapeHtml(a)}</label>\n<input id="attr-${escapeHtml(a)}" name="userAttributes.${escapeHtml(a)}" type="text" required>`).join('\n')}`;
      break;
    }
    case 'SMS_MFA':
    case 'EMAIL_OTP':
      title = 'Verification code';
      fields = `<p class="hint">We sent a code to ${escapeHtml(c.parameters['CODE_DELIVERY_DESTINATION'] ?? 'you')}.</p>
${codeInput('Code')}`;
      break;
    case 'SOFTWARE_TOKEN_MFA':
      title = 'Authenticator code';
      fields = `<p class="hint">Enter the code from your authenticator app${c.parameters['FRIENDLY_DEVICE_NAME'] ? ` (${escapeHtml(c.parameters['FRIENDLY_DEVICE_NAME'])})` : ''}.</p>
${codeInput('Code')}`;
      break;
    case 'SELECT_MFA_TYPE':
      title = 'Choose a verification method';
      fields = listParam(c, 'MFAS_CAN_CHOOSE')
        .map((m, i) => `<label class="choice"><input type="radio" name="answer" value="${escapeHtml(m)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(FACTOR_LABEL[m] ?? m)}</label>`)
        .join('\n');
      break;
    case 'MFA_SETUP':
      title = 'Set up an authenticator app';
      fields = `<p class="hint">Multi-factor authentication is required. Add this secret key to your authenticator app, then enter the code it shows.</p>
<p><code>${escapeHtml(c.secretCode ?? '')}</code></p>
<label for="device_name">Device name (optional)</label>
<input id="device_name" name="device_name" type="text">
${codeInput('Code')}`;
      break;
    default:
      title = c.name;
      fields = '';
  }
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>
${errorBox(error)}
<form method="post" action="${escapeHtml(f.action)}">
${challengeFields(f, c)}
${fields}
<button type="submit">Continue</button>
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout('Error', `<h1>An error was encountered with the requested page.</h1>\n<p class="error" role="alert"><strong>${escapeHtml(title)}</strong>: ${escapeHtml(message)}</p>`);
}
