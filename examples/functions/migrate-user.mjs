// UserMigration: users of the old system move in at their first sign-in (or password reset).
const OLD_USERS = { legacy: { password: 'Legacy-Passw0rd!', email: 'legacy@example.com' } };

export const handler = async (event) => {
  const old = OLD_USERS[event.userName];
  if (!old) throw new Error('User not found');
  if (event.triggerSource === 'UserMigration_Authentication' && event.request.password !== old.password) throw new Error('Bad password');
  event.response.userAttributes = { email: old.email, email_verified: 'true' };
  event.response.finalUserStatus = 'CONFIRMED';
  event.response.messageAction = 'SUPPRESS';
  return event;
};
