/**
 * SMS delivery through a webhook (`USERPOOL_SMS_WEBHOOK`): one JSON POST per message,
 * `{"to","message","userPoolId","username","kind"}`; any 2xx answer counts as delivered.
 */
export interface OutgoingSms {
  to: string;
  message: string;
  userPoolId: string;
  username: string;
  kind: string;
}

const TIMEOUT_MS = 10_000;

/** Rejects when the webhook cannot be reached, times out, or answers non-2xx. */
export async function postSms(webhook: string, sms: OutgoingSms): Promise<void> {
  const res = await fetch(webhook, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sms),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`SMS webhook answered HTTP ${res.status}`);
}
