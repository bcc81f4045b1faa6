/**
 * `CodeDeliveryDetails.Destination` as Cognito masks it (spec/semantics.md §6): email
 * `j***@e***` (first character of the local part and of the domain), phone `+*******1234`
 * (every digit but the last four starred).
 */
export function maskDestination(destination: string): string {
  const at = destination.lastIndexOf('@');
  if (at > 0) {
    const local = destination.slice(0, at);
    const domain = destination.slice(at + 1);
    return `${[...local][0] ?? ''}***@${[...domain][0] ?? ''}***`;
  }
  const visible = 4;
  const chars = [...destination];
  return chars.map((c, i) => (i < chars.length - visible && /[0-9]/.test(c) ? '*' : c)).join('');
}
