// InboundFederation: sees what an external identity provider sent (ID token claims, userInfo) before
// the pool maps it; here the e-mail is lower-cased and everything else kept as it came.
export const handler = async (event) => {
  const { idToken, userInfo } = event.request.attributes;
  const attributes = { ...idToken, ...userInfo };
  if (attributes.email) attributes.email = attributes.email.toLowerCase();
  event.response.userAttributesToMap = attributes;
  return event;
};
