import type { RequestContext } from '../context.ts';
import { requireClient } from '../clients/require-client.ts';
import { requirePool } from '../pools/require-pool.ts';
import { ALL_CLIENTS, toUICustomizationType } from './ui-customization.ts';
import type { UICustomizationType } from '../../generated/shapes.ts';

/**
 * GetUICustomization: the branding an app client gets, its own else the pool's default (ClientId
 * ALL); without a ClientId (or with ALL) the pool's default. Nothing set ⇒ an empty
 * UICustomization, as AWS answers.
 */
export async function uiCustomizationOf(ctx: RequestContext, poolId: string, clientId: string | undefined): Promise<UICustomizationType> {
  const { store } = ctx.deps;
  const pool = await requirePool(store, poolId);
  if (clientId !== undefined && clientId !== ALL_CLIENTS) {
    await requireClient(store, pool.id, clientId);
    const own = await store.settings.findUiCustomization(pool.id, clientId);
    if (own) return toUICustomizationType(own, ctx.deps.publicUrl());
  }
  const pooled = await store.settings.findUiCustomization(pool.id, ALL_CLIENTS);
  return pooled ? toUICustomizationType(pooled, ctx.deps.publicUrl()) : {};
}
