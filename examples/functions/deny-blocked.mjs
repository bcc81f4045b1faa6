// PreAuthentication: refuse sign-in to users whose name starts with "blocked".
export const handler = async (event) => {
  if (event.userName.startsWith('blocked')) throw new Error('This account is blocked');
  return event;
};
