// PreSignUp: confirm and verify everyone who signs up with an address of example.com; refuse others.
export const handler = async (event) => {
  const email = event.request.userAttributes.email ?? '';
  if (!email.endsWith('@example.com')) throw new Error('Sign-up is open to example.com addresses only');
  event.response.autoConfirmUser = true;
  event.response.autoVerifyEmail = true;
  return event;
};
