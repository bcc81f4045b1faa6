// CreateAuthChallenge: the question goes to the app (public), the expected answer to Verify (private).
export const handler = async (event) => {
  event.response.publicChallengeParameters = { question: 'What is 6 x 7?' };
  event.response.privateChallengeParameters = { answer: '42' };
  event.response.challengeMetadata = 'SIX-TIMES-SEVEN';
  return event;
};
