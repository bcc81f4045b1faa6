/**
 * Rendering the pool's message templates. Placeholders: `{####}` (the code or temporary
 * password), `{username}` (invitations), `{##<text>##}` (the verification link of
 * `CONFIRM_WITH_LINK` emails).
 */
import { poolConfigOf } from '../pools/pool-config.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';

export type MessageKind =
  | 'INVITATION'
  | 'SIGN_UP'
  | 'RESEND_CODE'
  | 'FORGOT_PASSWORD'
  | 'UPDATE_ATTRIBUTE'
  | 'VERIFY_ATTRIBUTE'
  | 'AUTHENTICATION'
  | 'ADMIN_RESET';

export type Channel = 'EMAIL' | 'SMS';

/**
 * What each message is for, as the message triggers' `triggerSource` names it after the trigger
 * (`CustomMessage_SignUp`, `CustomEmailSender_SignUp`, …). AdminResetUserPassword sends the
 * forgot-password code.
 */
export const MESSAGE_SOURCE: Record<MessageKind, string> = {
  INVITATION: 'AdminCreateUser',
  SIGN_UP: 'SignUp',
  RESEND_CODE: 'ResendCode',
  FORGOT_PASSWORD: 'ForgotPassword',
  ADMIN_RESET: 'ForgotPassword',
  UPDATE_ATTRIBUTE: 'UpdateUserAttribute',
  VERIFY_ATTRIBUTE: 'VerifyUserAttribute',
  AUTHENTICATION: 'Authentication',
};

export interface RenderedMessage {
  /** Email subject; undefined for SMS. */
  subject?: string;
  body: string;
}

export interface TemplateVars {
  /** `{username}`: the name the user signs in with (invitations). */
  username?: string;
  /** Replaces `{##<text>##}` with a link (CONFIRM_WITH_LINK); without it the code template is used. */
  linkUrl?: string;
}

/** Cognito's default invitation (AdminCreateUserConfig.InviteMessageTemplate unset). */
export const DEFAULT_INVITE_SUBJECT = 'Your temporary password';
export const DEFAULT_INVITE_MESSAGE = 'Your username is {username} and temporary password is {####}.';
export const DEFAULT_AUTH_MESSAGE = 'Your authentication code is {####}. ';
export const DEFAULT_AUTH_SUBJECT = 'Your authentication code';
const DEFAULT_LINK_MESSAGE = 'Please click the link below to verify your email address. {##Verify Email##} ';
const DEFAULT_LINK_SUBJECT = 'Your verification link';
const DEFAULT_CODE_MESSAGE = 'Your verification code is {####}. ';
const DEFAULT_CODE_SUBJECT = 'Your verification code';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The unrendered template the pool uses for a message. */
export function templateFor(pool: PoolRecord, kind: MessageKind, channel: Channel, vars: TemplateVars = {}): RenderedMessage {
  const config = poolConfigOf(pool);
  if (kind === 'INVITATION') {
    const invite = (config.AdminCreateUserConfig?.['InviteMessageTemplate'] ?? {}) as Record<string, unknown>;
    if (channel === 'SMS') return { body: str(invite['SMSMessage']) ?? DEFAULT_INVITE_MESSAGE };
    return { subject: str(invite['EmailSubject']) ?? DEFAULT_INVITE_SUBJECT, body: str(invite['EmailMessage']) ?? DEFAULT_INVITE_MESSAGE };
  }
  if (kind === 'AUTHENTICATION') {
    if (channel === 'SMS') return { body: str(config.SmsAuthenticationMessage) ?? DEFAULT_AUTH_MESSAGE };
    const emailMfa = (config.MfaSettings?.['EmailMfaConfiguration'] ?? {}) as Record<string, unknown>;
    return { subject: str(emailMfa['Subject']) ?? DEFAULT_AUTH_SUBJECT, body: str(emailMfa['Message']) ?? DEFAULT_AUTH_MESSAGE };
  }
  const vmt = config.VerificationMessageTemplate ?? {};
  if (channel === 'SMS') return { body: str(vmt['SmsMessage']) ?? str(config.SmsVerificationMessage) ?? DEFAULT_CODE_MESSAGE };
  const byLink = vmt['DefaultEmailOption'] === 'CONFIRM_WITH_LINK' && (kind === 'SIGN_UP' || kind === 'RESEND_CODE') && vars.linkUrl !== undefined;
  if (byLink) {
    return { subject: str(vmt['EmailSubjectByLink']) ?? DEFAULT_LINK_SUBJECT, body: str(vmt['EmailMessageByLink']) ?? DEFAULT_LINK_MESSAGE };
  }
  return {
    subject: str(vmt['EmailSubject']) ?? str(config.EmailVerificationSubject) ?? DEFAULT_CODE_SUBJECT,
    body: str(vmt['EmailMessage']) ?? str(config.EmailVerificationMessage) ?? DEFAULT_CODE_MESSAGE,
  };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Fills the placeholders of one template text (literal replacement: `$` in values is safe). */
export function fillPlaceholders(text: string, code: string | undefined, vars: TemplateVars, channel: Channel): string {
  let out = text.split('{####}').join(code ?? '');
  if (vars.username !== undefined) out = out.split('{username}').join(vars.username);
  const link = vars.linkUrl;
  if (link !== undefined) {
    out = out.replace(/\{##([\s\S]*?)##\}/g, (_m, label: string) => (channel === 'EMAIL' ? `<a href="${escapeHtml(link)}">${escapeHtml(label)}</a>` : link));
  }
  return out;
}

/** The message to send: the pool's template (or `override`, e.g. a CustomMessage trigger's output) with placeholders filled. */
export function renderMessage(
  pool: PoolRecord,
  kind: MessageKind,
  channel: Channel,
  code: string | undefined,
  vars: TemplateVars = {},
  override: { subject?: string; body?: string } = {},
): RenderedMessage {
  const template = templateFor(pool, kind, channel, vars);
  const body = fillPlaceholders(override.body ?? template.body, code, vars, channel);
  if (channel === 'SMS') return { body };
  const subject = fillPlaceholders(override.subject ?? template.subject ?? '', code, vars, channel);
  return { subject, body };
}
