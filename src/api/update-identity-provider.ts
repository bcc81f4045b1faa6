import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireProvider } from './config-common.ts';
import { CognitoError } from '../domain/errors.ts';
import {
  COGNITO_PROVIDER,
  attributeMappingFor,
  duplicateIdentifier,
  idpIdentifiersFor,
  mergeHiddenDetails,
  openDetails,
  providerDetailsFor,
  sealDetails,
  toIdentityProviderType,
  type ProviderType,
} from '../domain/pool-settings/identity-providers.ts';
import { UniqueViolation, type IdentityProviderRecord } from '../storage/ports/index.ts';

/**
 * Changes an IdP: each member given replaces the stored one (ProviderDetails as a whole, checked
 * again; a hidden key such as Apple's private_key is kept when left out); members left out stay.
 */
export const updateIdentityProvider: Handler<'UpdateIdentityProvider'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  if (input.ProviderName.toUpperCase() === COGNITO_PROVIDER) {
    throw new CognitoError('UnsupportedIdentityProviderException', `The identity provider ${input.ProviderName} is the user pool directory and cannot be updated.`);
  }
  const existing = await requireProvider(ctx, pool, input.ProviderName);
  const type = existing.type as ProviderType;
  const { masterKey } = ctx.deps;
  const next: IdentityProviderRecord = { ...existing, updatedAt: Math.max(ctx.deps.now(), existing.updatedAt) };
  if (input.ProviderDetails !== undefined) {
    const details = providerDetailsFor(type, mergeHiddenDetails(type, openDetails(masterKey, existing), input.ProviderDetails));
    next.detailsSealed = sealDetails(masterKey, pool.id, existing.name, details);
  }
  if (input.AttributeMapping !== undefined) next.attributeMapping = attributeMappingFor(pool, type, input.AttributeMapping);
  if (input.IdpIdentifiers !== undefined) next.idpIdentifiers = idpIdentifiersFor(input.IdpIdentifiers);
  try {
    await ctx.deps.store.transaction(async (tx) => {
      if (!(await tx.federation.updateIdentityProvider(next))) throw new CognitoError('ResourceNotFoundException', `Identity provider ${input.ProviderName} does not exist.`);
    });
  } catch (err) {
    if (err instanceof UniqueViolation && err.rule === 'idp_identifier') throw duplicateIdentifier();
    throw err;
  }
  return { IdentityProvider: toIdentityProviderType(next, masterKey) };
};
