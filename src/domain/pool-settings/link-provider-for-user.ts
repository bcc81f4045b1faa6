import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { CognitoError } from '../errors.ts';
import {
  COGNITO_SUBJECT,
  MAX_LINKED_IDENTITIES,
  checkAllAttributesMutable,
  checkProviderAttribute,
  federatedUsernames,
  syncIdentitiesAttribute,
  unknownProvider,
} from './federation.ts';
import { COGNITO_PROVIDER } from './identity-providers.ts';
import { requireUser } from '../users/resolve.ts';
import type { AdminLinkProviderForUserRequest } from '../../generated/shapes.ts';
import { usernameKey } from '../users/username.ts';
import { UniqueViolation, type UserRecord } from '../../storage/ports/index.ts';

const alreadyLinked = (): CognitoError => new CognitoError('AliasExistsException', 'SourceUser is already linked to another user of this user pool.');

/**
 * AdminLinkProviderForUser: links an external identity (SourceUser: a configured IdP, an
 * attribute, a value) to an existing user (DestinationUser: `Cognito` + the username). The link is
 * stored and shown in the user's `identities` attribute; a user has at most five. Linking the
 * same identity to the same user again changes nothing.
 */
export async function linkProviderForUser(ctx: RequestContext, input: AdminLinkProviderForUserRequest): Promise<void> {
  const { store, masterKey } = ctx.deps;
  const pool = await requirePool(store, input.UserPoolId);
  const dest = input.DestinationUser;
  const src = input.SourceUser;
  if (!dest.ProviderName || !dest.ProviderAttributeValue) throw new CognitoError('InvalidParameterException', 'DestinationUser needs ProviderName and ProviderAttributeValue.');
  if (!src.ProviderName || !src.ProviderAttributeName || !src.ProviderAttributeValue) {
    throw new CognitoError('InvalidParameterException', 'SourceUser needs ProviderName, ProviderAttributeName and ProviderAttributeValue.');
  }
  if (src.ProviderName.toUpperCase() === COGNITO_PROVIDER) {
    throw new CognitoError('InvalidParameterException', 'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser');
  }
  const provider = await store.federation.findIdentityProvider(pool.id, src.ProviderName);
  if (!provider) throw unknownProvider(pool, src.ProviderName);
  checkProviderAttribute(provider, src.ProviderAttributeName, 'SourceUser');
  if (src.ProviderAttributeName === COGNITO_SUBJECT) {
    for (const name of federatedUsernames(provider.name, src.ProviderAttributeValue)) {
      if (await store.users.findUserByUsernameKey(pool.id, usernameKey(pool, name))) {
        throw new CognitoError('InvalidParameterException', 'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link');
      }
    }
  }

  // The destination: a user of the pool (`Cognito` + its username), or a federated user (`<IdP>` + its IdP subject).
  let destination: UserRecord | undefined;
  if (dest.ProviderName.toUpperCase() === COGNITO_PROVIDER) {
    destination = await requireUser(store, pool, dest.ProviderAttributeValue);
  } else {
    if (!(await store.federation.findIdentityProvider(pool.id, dest.ProviderName))) throw unknownProvider(pool, dest.ProviderName);
    for (const name of federatedUsernames(dest.ProviderName, dest.ProviderAttributeValue)) {
      destination ??= await store.users.findUserByUsernameKey(pool.id, usernameKey(pool, name));
    }
    if (!destination) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  }
  checkAllAttributesMutable(pool, destination);

  const now = ctx.deps.now();
  try {
    await store.transaction(async (tx) => {
      const user = await tx.users.findUserBySubForUpdate(pool.id, destination.sub);
      if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
      const existing = await tx.federation.findIdentityLink(pool.id, provider.name, src.ProviderAttributeName!, src.ProviderAttributeValue!);
      if (existing) {
        if (existing.userSub === user.sub) return;
        throw alreadyLinked();
      }
      if ((await tx.federation.listIdentityLinksOfUser(pool.id, user.sub)).length >= MAX_LINKED_IDENTITIES) {
        throw new CognitoError('LimitExceededException', `A user can be linked to at most ${MAX_LINKED_IDENTITIES} federated identities.`);
      }
      await tx.federation.insertIdentityLink({
        poolId: pool.id,
        providerName: provider.name,
        attributeName: src.ProviderAttributeName!,
        attributeValue: src.ProviderAttributeValue!,
        userSub: user.sub,
        createdAt: now,
      });
      await syncIdentitiesAttribute(tx, masterKey, user, now);
    });
  } catch (err) {
    if (err instanceof UniqueViolation && err.rule === 'identity_link') throw alreadyLinked();
    throw err;
  }
}
