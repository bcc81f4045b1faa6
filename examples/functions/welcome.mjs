// PostConfirmation: runs once the user is confirmed (a welcome e-mail, a row in your CRM, ...).
export const handler = async (event) => {
  console.log(`confirmed ${event.userName} (${event.triggerSource})`);
  return event;
};
