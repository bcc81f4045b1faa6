// CustomMessage: our own sign-up e-mail; {####} becomes the code, as in the pool's templates.
export const handler = async (event) => {
  if (event.triggerSource === 'CustomMessage_SignUp') {
    event.response.emailSubject = 'Welcome to Example';
    event.response.emailMessage = `Hello ${event.request.userAttributes.email}, your code is ${event.request.codeParameter}.`;
  }
  return event;
};
