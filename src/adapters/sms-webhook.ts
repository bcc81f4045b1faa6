/**
 * SMS delivery through a webhook (`USERPOOL_SMS_WEBHOOK`): the domain's `SmsSender`. One JSON
 * POST per message, `{"to","message","userPoolId","username","kind"}`; any 2xx answer counts as
 * delivered.
 */
import type { Config } from '../config/config.ts';
import type { OutgoingSms, SmsSender } from '../domain/messaging/ports.ts';

const TIMEOUT_MS = 10_000;

export class SmsWebhook implements SmsSender {
  constructor(readonly url: string) {}

  /** Rejects when the webhook cannot be reached, times out, or answers non-2xx. */
  async send(sms: OutgoingSms): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sms),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`SMS webhook answered HTTP ${res.status}`);
  }
}

/** The configured webhook, or undefined when none is configured. */
export function smsSenderFor(config: Pick<Config, 'smsWebhook'>): SmsSender | undefined {
  return config.smsWebhook ? new SmsWebhook(config.smsWebhook) : undefined;
}
