import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { CognitoError } from '../errors.ts';
import { COGNITO_SUBJECT, syncIdentitiesAttribute, unknownProvider } from './federation.ts';
import { COGNITO_PROVIDER, SOCIAL_TYPES } from './identity-providers.ts';
import { requireUser } from '../users/resolve.ts';
import type { AdminDisableProviderForUserRequest } from '../../generated/shapes.ts';

/**
 * AdminDisableProviderForUser: removes a linked external identity (User: the IdP, the attribute
 * and value it was linked with) from the user it is linked to, and from that user's `identities`
 * attribute.
 *
 * Deactivating a native user's password sign-in (`Cognito` + `Cognito_Subject` + username) is
 * not implemented: that answers UnsupportedOperationException rather than pretending.
 */
export async function disableProviderForUser(ctx: RequestContext, input: AdminDisableProviderForUserRequest): Promise<void> {
  const { store, masterKey } = ctx.deps;
  const pool = await requirePool(store, input.UserPoolId);
  const u = input.User;
  if (!u.ProviderName || !u.ProviderAttributeName || !u.ProviderAttributeValue) {
    throw new CognitoError('InvalidParameterException', 'User needs ProviderName, ProviderAttributeName and ProviderAttributeValue.');
  }
  if (u.ProviderName.toUpperCase() === COGNITO_PROVIDER) {
    if (u.ProviderAttributeName !== COGNITO_SUBJECT) throw new CognitoError('InvalidParameterException', `User.ProviderAttributeName must be ${COGNITO_SUBJECT} for a Cognito user.`);
    await requireUser(store, pool, u.ProviderAttributeValue);
    throw new CognitoError(
      'UnsupportedOperationException',
      'AdminDisableProviderForUser for a native user (ProviderName Cognito: turning off password sign-in) is not supported by this server (Userpool); disable the user with AdminDisableUser.',
    );
  }
  // A link made earlier is found by exactly the provider, attribute and value it was made with
  // (even if the provider's AttributeMapping changed since, or the provider was deleted).
  const link = await store.federation.findIdentityLink(pool.id, u.ProviderName, u.ProviderAttributeName, u.ProviderAttributeValue);
  if (!link) {
    const provider = await store.federation.findIdentityProvider(pool.id, u.ProviderName);
    if (!provider) throw unknownProvider(pool, u.ProviderName);
    if (SOCIAL_TYPES.has(provider.type) && u.ProviderAttributeName !== COGNITO_SUBJECT) {
      throw new CognitoError('InvalidParameterException', `User.ProviderAttributeName must be ${COGNITO_SUBJECT} for the ${provider.type} identity provider.`);
    }
    throw new CognitoError('UserNotFoundException', 'User does not exist.');
  }
  const now = ctx.deps.now();
  await store.transaction(async (tx) => {
    const user = await tx.users.findUserBySubForUpdate(pool.id, link.userSub);
    if (!user || !(await tx.federation.deleteIdentityLink(pool.id, link.providerName, link.attributeName, link.attributeValue))) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    await syncIdentitiesAttribute(tx, masterKey, user, now);
  });
}
