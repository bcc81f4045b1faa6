/** Which uniqueness rule a write broke; the operation turns it into AWS's exception. */
export type UniqueRule = 'pool' | 'client' | 'username' | 'sub' | 'email_alias' | 'phone_alias' | 'preferred_username_alias' | 'group' | 'group_member' | 'kid' | 'identity_provider' | 'idp_identifier' | 'identity_link' | 'other';

export class UniqueViolation extends Error {
  readonly rule: UniqueRule;
  constructor(rule: UniqueRule) {
    super(`unique constraint violated: ${rule}`);
    this.rule = rule;
  }
}
