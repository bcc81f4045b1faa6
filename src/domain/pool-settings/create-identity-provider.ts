import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { requirePool } from '../pools/require-pool.ts';
import {
  MAX_PROVIDERS_PER_POOL,
  attributeMappingFor,
  checkProviderName,
  duplicateIdentifier,
  duplicateProvider,
  idpIdentifiersFor,
  providerDetailsFor,
  sealDetails,
} from './identity-providers.ts';
import type { CreateIdentityProviderRequest } from '../../generated/shapes.ts';
import { UniqueViolation, type IdentityProviderRecord } from '../../storage/ports/index.ts';

/**
 * CreateIdentityProvider: adds an external IdP to the pool. The name is unique per pool and each
 * IdpIdentifier too (database constraints); ProviderDetails are checked for the keys the type
 * needs and stored sealed.
 */
export async function createIdentityProvider(ctx: RequestContext, input: CreateIdentityProviderRequest): Promise<IdentityProviderRecord> {
  const { store, masterKey } = ctx.deps;
  const pool = await requirePool(store, input.UserPoolId);
  const type = input.ProviderType;
  checkProviderName(input.ProviderName, type);
  const details = providerDetailsFor(type, input.ProviderDetails);
  const t = ctx.deps.now();
  const provider: IdentityProviderRecord = {
    poolId: pool.id,
    name: input.ProviderName,
    type,
    detailsSealed: sealDetails(masterKey, pool.id, input.ProviderName, details),
    attributeMapping: attributeMappingFor(pool, type, input.AttributeMapping),
    idpIdentifiers: idpIdentifiersFor(input.IdpIdentifiers),
    createdAt: t,
    updatedAt: t,
  };
  try {
    await store.transaction(async (tx) => {
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
  return provider;
}
