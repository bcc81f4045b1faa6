import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import {
  MAX_PROVIDERS_PER_POOL,
  attributeMappingFor,
  checkProviderName,
  duplicateIdentifier,
  duplicateProvider,
  idpIdentifiersFor,
  providerDetailsFor,
  sealDetails,
  toIdentityProviderType,
} from '../domain/pool-settings/identity-providers.ts';
import { UniqueViolation, type IdentityProviderRecord } from '../storage/ports/index.ts';

/**
 * Adds an external IdP to the pool. The name is unique per pool and each IdpIdentifier too
 * (database constraints); ProviderDetails are checked for the keys the type needs and stored sealed.
 */
export const createIdentityProvider: Handler<'CreateIdentityProvider'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const type = input.ProviderType;
  checkProviderName(input.ProviderName, type);
  const details = providerDetailsFor(type, input.ProviderDetails);
  const t = ctx.deps.now();
  const provider: IdentityProviderRecord = {
    poolId: pool.id,
    name: input.ProviderName,
    type,
    detailsSealed: sealDetails(ctx.deps.masterKey, pool.id, input.ProviderName, details),
    attributeMapping: attributeMappingFor(pool, type, input.AttributeMapping),
    idpIdentifiers: idpIdentifiersFor(input.IdpIdentifiers),
    createdAt: t,
    updatedAt: t,
  };
  try {
    await ctx.deps.store.transaction(async (tx) => {
      if ((await tx.federation.countIdentityProviders(pool.id)) >= MAX_PROVIDERS_PER_POOL) {
        throw new CognitoError('LimitExceededException', `User pool ${pool.id} already has ${MAX_PROVIDERS_PER_POOL} identity providers, the maximum.`);
      }
      await tx.federation.insertIdentityProvider(provider);
    });
  } catch (err) {
    if (err instanceof UniqueViolation && err.rule === 'identity_provider') throw duplicateProvider(input.ProviderName);
    if (err instanceof UniqueViolation && err.rule === 'idp_identifier') throw duplicateIdentifier();
    throw err;
  }
  return { IdentityProvider: toIdentityProviderType(provider, ctx.deps.masterKey) };
};
