// PreTokenGeneration (V1_0): a `plan` claim in the ID token, and no `phone_number` in it.
export const handler = async (event) => {
  event.response.claimsOverrideDetails = {
    claimsToAddOrOverride: { plan: event.request.userAttributes['custom:plan'] ?? 'gold' },
    claimsToSuppress: ['phone_number'],
  };
  return event;
};
