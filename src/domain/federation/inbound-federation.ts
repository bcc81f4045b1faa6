/**
 * The inbound federation Lambda trigger (Developer Guide, "Inbound federation Lambda trigger";
 * LambdaConfig.InboundFederation, V1_0): before a federated user is created or updated, the
 * function gets the IdP's raw answer (`request.attributes.tokenResponse`, `.idToken`, `.userInfo`)
 * and may answer `response.userAttributesToMap`: the IdP attributes the provider's AttributeMapping
 * then works on. An empty (or absent) map keeps the IdP's attributes as they came; a non-empty one
 * replaces them, so what it leaves out is dropped.
 */
import type { Deps } from '../context.ts';
import type { ClientRecord, IdentityProviderRecord, PoolRecord } from '../../storage/ports/index.ts';
import { isObject, runTrigger, unrecognizableOutput } from '../triggers/run-trigger.ts';
import type { OidcSignIn } from './ports.ts';

/** AWS sends the IdP's values as a string map: other JSON values are sent as their JSON text. */
function stringMap(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** The IdP attributes to map: the ID token's claims with userInfo's, as the function left them. */
export async function inboundAttributes(deps: Deps, pool: PoolRecord, client: ClientRecord, provider: IdentityProviderRecord, answer: OidcSignIn): Promise<Record<string, unknown>> {
  const raw: Record<string, unknown> = { ...answer.idToken, ...(answer.userInfo ?? {}) };
  const source = raw[provider.attributeMapping['username'] ?? 'sub'];
  const response = await runTrigger(deps, pool, 'InboundFederation', {
    triggerSource: 'InboundFederation_ExternalProvider',
    userName: typeof source === 'string' ? source : source === undefined ? null : JSON.stringify(source),
    clientId: client.id,
    request: {
      providerName: provider.name,
      providerType: provider.type,
      attributes: {
        tokenResponse: stringMap(answer.tokenResponse),
        idToken: stringMap(answer.idToken),
        ...(answer.userInfo !== undefined ? { userInfo: stringMap(answer.userInfo) } : {}),
      },
    },
  });
  const map = response?.['userAttributesToMap'];
  if (map === undefined || map === null) return raw;
  if (!isObject(map) || Object.values(map).some((v) => typeof v !== 'string')) throw unrecognizableOutput();
  return Object.keys(map).length === 0 ? raw : map;
}
