import type { Handler } from './context.ts';
import { requireClient, requirePool } from './lookups.ts';
import { ALL_CLIENTS, toUICustomizationType } from '../domain/pool-settings/ui-customization.ts';

/**
 * The branding an app client gets: its own, else the pool's default (ClientId ALL); without a
 * ClientId (or with ALL) the pool's default. Nothing set ⇒ an empty UICustomization, as AWS answers.
 */
export const getUICustomization: Handler<'GetUICustomization'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const { store } = ctx.deps;
  if (input.ClientId !== undefined && input.ClientId !== ALL_CLIENTS) {
    await requireClient(ctx, pool.id, input.ClientId);
    const own = await store.settings.findUiCustomization(pool.id, input.ClientId);
    if (own) return { UICustomization: toUICustomizationType(own, ctx.deps.publicUrl()) };
  }
  const pooled = await store.settings.findUiCustomization(pool.id, ALL_CLIENTS);
  return { UICustomization: pooled ? toUICustomizationType(pooled, ctx.deps.publicUrl()) : {} };
};
