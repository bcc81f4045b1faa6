/** User attributes as Cognito writes them into ID tokens (spec/auth.md §D.2). */
import type { ClientRecord } from '../../storage/ports/index.ts';

/** The attributes an app client may read: its ReadAttributes, or every attribute when unset/empty. */
export function readableAttributeFilter(client: ClientRecord): (name: string) => boolean {
  const list = client.config['ReadAttributes'];
  const allowed = Array.isArray(list) && list.length > 0 ? new Set(list.map(String)) : undefined;
  return (name) => !name.startsWith('dev:') && (allowed === undefined || allowed.has(name));
}

/**
 * AWS's typing: *_verified as JSON booleans, updated_at as a number, address as {formatted},
 * identities parsed, with each entry's values as strings (`"primary":"true"`,
 * `"dateCreated":"1642699117273"`; null stays null), as Cognito's ID tokens carry them while the
 * attribute itself holds `true` and a number.
 */
export function attributeClaim(name: string, value: string): unknown {
  switch (name) {
    case 'email_verified':
    case 'phone_number_verified':
      return value.toLowerCase() === 'true';
    case 'updated_at': {
      const n = Number(value);
      return value.trim() !== '' && Number.isFinite(n) ? n : value;
    }
    case 'address':
      return { formatted: value };
    case 'identities':
      try {
        const entries = JSON.parse(value) as unknown;
        if (!Array.isArray(entries)) return entries;
        return entries.map((entry: unknown) =>
          typeof entry === 'object' && entry !== null
            ? Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, typeof v === 'boolean' || typeof v === 'number' ? String(v) : v]))
            : entry,
        );
      } catch {
        return value;
      }
    default:
      return value;
  }
}

/** Claims for every readable attribute of the user (`sub` is written separately). */
export function attributeClaims(client: ClientRecord, attributes: Record<string, string>): Record<string, unknown> {
  const readable = readableAttributeFilter(client);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'sub' || !readable(name)) continue;
    out[name] = attributeClaim(name, value);
  }
  return out;
}
