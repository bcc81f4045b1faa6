// PostAuthentication: runs after every successful sign-in, before the tokens go out.
export const handler = async (event) => {
  console.log(`signed in ${event.userName}${event.request.newDeviceUsed ? ' on a new device' : ''}`);
  return event;
};
