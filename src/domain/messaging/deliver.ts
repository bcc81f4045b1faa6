/**
 * Sending a message to a user: render the pool's template, record it in the outbox (`messages`),
 * then hand it to the real channel when the server has one (`deps.email`, `deps.sms`: the
 * ports in ./ports.ts, built from `USERPOOL_SMTP_URL` / `USERPOOL_SMS_WEBHOOK`).
 *
 * Outbox and secrets: with the development outbox endpoint on (`config.outboxEndpoint`) the row
 * keeps the code / temporary password so tests and developers can read it at
 * `GET /_userpool/messages`. With it off the row is an audit record only: the code column is
 * null and the code is starred out of the body and subject.
 *
 * Delivery failures: logged, then `CodeDeliveryFailureException` is thrown — after the caller's
 * own writes, as AWS does (AdminCreateUser creates the user and then reports the failure). With
 * no real channel configured the outbox is the delivery and nothing can fail.
 */
import { CognitoError } from '../errors.ts';
import type { Config } from '../../config/config.ts';
import type { CodeDeliveryDetailsType } from '../../generated/shapes.ts';
import type { Store } from '../../storage/ports/index.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import { maskDestination } from './mask.ts';
import type { EmailSender, SmsSender } from './ports.ts';
import type { CodeEncryptor, FunctionInvoker } from '../triggers/ports.ts';
import { customSenderOf, sendThroughCustomSender } from './custom-sender.ts';
import { runTrigger, triggerAttributes, unrecognizableOutput } from '../triggers/run-trigger.ts';
import { MESSAGE_SOURCE, renderMessage, type Channel, type MessageKind, type TemplateVars } from './templates.ts';

export type { Channel, MessageKind, TemplateVars } from './templates.ts';

/** What delivery needs from the server's dependencies (a subset of the API's `Deps`). */
export interface MessagingDeps {
  config: Pick<Config, 'outboxEndpoint'>;
  store: Store;
  now: () => number;
  email?: EmailSender;
  sms?: SmsSender;
  /** Runs the pool's CustomMessage and custom sender triggers. */
  functions?: FunctionInvoker;
  /** Encrypts codes for the custom sender triggers. */
  codeEncryptor?: CodeEncryptor;
}

/** A pino-compatible logger (e.g. `ctx.log`). */
export interface WarnLogger {
  warn(obj: object, msg?: string): void;
}

export interface DeliverOptions {
  kind: MessageKind;
  channel: Channel;
  /** The code or temporary password (`{####}`). */
  code?: string;
  templateVars?: TemplateVars;
  /** Where to send; default: the user's `email` (EMAIL) or `phone_number` (SMS). */
  destination?: string;
  /** Replaces the pool's template (e.g. a CustomMessage trigger's `emailSubject` / `emailMessage` / `smsMessage`). */
  override?: { subject?: string; body?: string };
  log?: WarnLogger;
  /** The app client of the request, for the CustomMessage trigger's callerContext (none: CLIENT_ID_NOT_APPLICABLE). */
  clientId?: string | undefined;
  /** The request's ClientMetadata, for the CustomMessage trigger. */
  clientMetadata?: Record<string, string> | undefined;
}

/**
 * The CustomMessage trigger's subject and body for this message (Developer Guide, "Custom message
 * Lambda trigger"): it gets the placeholders (`codeParameter` `{####}`, `usernameParameter`,
 * `linkParameter`) and answers `emailSubject` / `emailMessage` / `smsMessage`, which are then filled
 * in like the pool's templates. Undefined: no trigger, or it left the message as it was.
 */
async function customMessage(deps: MessagingDeps, pool: PoolRecord, user: UserRecord, opts: DeliverOptions): Promise<{ subject?: string; body?: string } | undefined> {
  const response = await runTrigger(deps, pool, 'CustomMessage', {
    triggerSource: `CustomMessage_${MESSAGE_SOURCE[opts.kind]}`,
    userName: user.username,
    clientId: opts.clientId,
    request: {
      userAttributes: triggerAttributes(user),
      codeParameter: '{####}',
      linkParameter: '{##Click Here##}',
      usernameParameter: opts.kind === 'INVITATION' ? '{username}' : null,
      ...(opts.clientMetadata !== undefined ? { clientMetadata: opts.clientMetadata } : {}),
    },
  });
  if (response === undefined) return undefined;
  const text = (name: string): string | undefined => {
    const v = response[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw unrecognizableOutput();
    return v;
  };
  const out: { subject?: string; body?: string } = {};
  if (opts.channel === 'EMAIL') {
    const subject = text('emailSubject');
    const body = text('emailMessage');
    if (subject !== undefined) out.subject = subject;
    if (body !== undefined) out.body = body;
  } else {
    const body = text('smsMessage');
    if (body !== undefined) out.body = body;
  }
  return out;
}

const REDACTED = '******';

/** The attribute a channel delivers to. */
export const channelAttribute = (channel: Channel): 'email' | 'phone_number' => (channel === 'EMAIL' ? 'email' : 'phone_number');

/** Whether the user has a verified address for the channel (email + email_verified, phone_number + phone_number_verified). */
export function hasVerifiedContact(user: UserRecord, channel: Channel): boolean {
  const attribute = channelAttribute(channel);
  return Boolean(user.attributes[attribute]) && user.attributes[`${attribute}_verified`] === 'true';
}

/** `CodeDeliveryDetails` for a message sent to `destination`. */
export function codeDeliveryDetails(channel: Channel, destination: string): CodeDeliveryDetailsType {
  return { Destination: maskDestination(destination), DeliveryMedium: channel, AttributeName: channelAttribute(channel) };
}

function redact(text: string, code: string | undefined): string {
  return code ? text.split(code).join(REDACTED) : text;
}

/**
 * Renders, records and sends one message; returns its `CodeDeliveryDetails`.
 * Throws `InvalidParameterException` when the user has no destination for the channel and
 * `CodeDeliveryFailureException` when the configured real channel fails.
 */
export async function deliverMessage(deps: MessagingDeps, pool: PoolRecord, user: UserRecord, opts: DeliverOptions): Promise<CodeDeliveryDetailsType> {
  const attribute = channelAttribute(opts.channel);
  const destination = opts.destination ?? user.attributes[attribute];
  if (!destination) throw new CognitoError('InvalidParameterException', `The user has no ${attribute} to deliver the message to.`);
  const sender = customSenderOf(pool, opts.channel);
  if (sender !== undefined) {
    await sendThroughCustomSender(deps, pool, user, sender, opts);
    return codeDeliveryDetails(opts.channel, destination);
  }
  const vars = opts.templateVars ?? {};
  const custom = await customMessage(deps, pool, user, opts);
  const message = renderMessage(pool, opts.kind, opts.channel, opts.code, vars, { ...opts.override, ...custom });
  const keepSecrets = deps.config.outboxEndpoint;
  await deps.store.messages.insertMessage({
    poolId: pool.id,
    username: user.username,
    channel: opts.channel,
    destination,
    kind: opts.kind,
    code: keepSecrets ? (opts.code ?? null) : null,
    subject: message.subject === undefined ? null : keepSecrets ? message.subject : redact(message.subject, opts.code),
    body: keepSecrets ? message.body : redact(message.body, opts.code),
    createdAt: deps.now(),
  });
  try {
    if (opts.channel === 'EMAIL') {
      await deps.email?.send({ to: destination, subject: message.subject ?? '', body: message.body });
    } else {
      await deps.sms?.send({ to: destination, message: message.body, userPoolId: pool.id, username: user.username, kind: opts.kind });
    }
  } catch (err) {
    opts.log?.warn({ err: err instanceof Error ? err.message : String(err), userPoolId: pool.id, channel: opts.channel, kind: opts.kind }, 'message delivery failed');
    throw new CognitoError('CodeDeliveryFailureException', `Unable to deliver the message by ${opts.channel === 'EMAIL' ? 'email' : 'SMS'}.`);
  }
  return codeDeliveryDetails(opts.channel, destination);
}
