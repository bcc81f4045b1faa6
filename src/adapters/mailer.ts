/**
 * Email over SMTP (nodemailer). One transporter per server config, created on first use and
 * kept in a WeakMap keyed by the config object — so each server instance (and each test server)
 * has its own, and it goes away with the config. No global transporter.
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config/config.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  body: string;
}

const LOOKS_LIKE_HTML = /<[a-z][\s\S]*>/i;

export class Mailer {
  readonly #transport: ReturnType<typeof nodemailer.createTransport>;
  readonly #from: string;

  constructor(smtpUrl: string, from: string) {
    this.#from = from;
    this.#transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  /** Sends one message; rejects when the SMTP server refuses it or cannot be reached. */
  async send(mail: OutgoingEmail): Promise<void> {
    await this.#transport.sendMail({
      from: this.#from,
      to: mail.to,
      subject: mail.subject,
      text: mail.body,
      ...(LOOKS_LIKE_HTML.test(mail.body) ? { html: mail.body } : {}),
    });
  }
}

const mailers = new WeakMap<object, Mailer>();

/** The config's mailer, or undefined when no SMTP server is configured (`USERPOOL_SMTP_URL`). */
export function mailerFor(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>): Mailer | undefined {
  if (!config.smtpUrl) return undefined;
  let mailer = mailers.get(config);
  if (!mailer) {
    mailer = new Mailer(config.smtpUrl, config.smtpFrom);
    mailers.set(config, mailer);
  }
  return mailer;
}
