// DefineAuthChallenge: one question; the right answer signs in, three wrong ones end the sign-in.
export const handler = async (event) => {
  const session = event.request.session;
  const last = session[session.length - 1];
  event.response.issueTokens = false;
  event.response.failAuthentication = false;
  if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
  else if (session.length >= 3) event.response.failAuthentication = true;
  else event.response.challengeName = 'CUSTOM_CHALLENGE';
  return event;
};
