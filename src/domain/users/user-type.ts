/** A stored user as the API shows it. Timestamps are epoch seconds; `sub` is listed first. */
import type { AdminGetUserResponse, AttributeType, MFAOptionType, UserType } from '../../generated/shapes.ts';
import type { UserRecord } from '../../storage/ports/index.ts';

/**
 * The user's attributes as `AttributeType`s, `sub` first. With `names` (AttributesToGet, already
 * validated) only those attributes are listed — `sub` too only when asked for.
 */
export function attributeList(user: Pick<UserRecord, 'sub' | 'attributes'>, names?: readonly string[]): AttributeType[] {
  const wanted = names !== undefined && names.length > 0 ? new Set(names) : undefined;
  const out: AttributeType[] = [];
  if (!wanted || wanted.has('sub')) out.push({ Name: 'sub', Value: user.sub });
  for (const [name, value] of Object.entries(user.attributes)) {
    if (!wanted || wanted.has(name)) out.push({ Name: name, Value: value });
  }
  return out;
}

function mfaOptionsOf(user: Pick<UserRecord, 'mfaOptions'>): MFAOptionType[] | undefined {
  return user.mfaOptions && user.mfaOptions.length > 0 ? (user.mfaOptions as MFAOptionType[]) : undefined;
}

/** `UserType` (ListUsers, AdminCreateUser, ListUsersInGroup): the attributes are under `Attributes`. */
export function toUserType(user: Pick<UserRecord, 'sub' | 'username' | 'attributes' | 'createdAt' | 'updatedAt' | 'enabled' | 'status' | 'mfaOptions'>, attributesToGet?: readonly string[]): UserType {
  const out: UserType = {
    Username: user.username,
    Attributes: attributeList(user, attributesToGet),
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.updatedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status as NonNullable<UserType['UserStatus']>,
  };
  const mfa = mfaOptionsOf(user);
  if (mfa) out.MFAOptions = mfa;
  return out;
}

/** MFA members of AdminGetUser / GetUser that other modules (MFA preferences) own. */
export interface UserMfaSummary {
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
}

/** AdminGetUser's output: the attributes are under `UserAttributes`. */
export function toAdminGetUserOutput(user: UserRecord, mfa: UserMfaSummary = {}): AdminGetUserResponse {
  const { Attributes, ...rest } = toUserType(user);
  // UserType's members with Attributes renamed, in the same order on the wire.
  const out: AdminGetUserResponse = { Username: user.username, UserAttributes: Attributes ?? [], ...rest };
  if (mfa.PreferredMfaSetting !== undefined) out.PreferredMfaSetting = mfa.PreferredMfaSetting;
  if (mfa.UserMFASettingList !== undefined && mfa.UserMFASettingList.length > 0) out.UserMFASettingList = mfa.UserMFASettingList;
  return out;
}
