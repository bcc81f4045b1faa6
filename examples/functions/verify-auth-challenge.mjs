// VerifyAuthChallengeResponse: is the app's ANSWER the expected one?
export const handler = async (event) => {
  event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
  return event;
};
