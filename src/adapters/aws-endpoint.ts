/**
 * AWS clients pointed at an endpoint of the operator's choosing (Lambda, KMS): real credentials come
 * from the SDK's default chain; an emulator on this machine (LocalStack, a test's server) with no
 * credentials in the environment gets dummy ones, which emulators accept.
 */
function isLocal(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost') || !host.includes('.');
  } catch {
    return false;
  }
}

function hasEnvironmentCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env['AWS_ACCESS_KEY_ID'] || env['AWS_PROFILE'] || env['AWS_WEB_IDENTITY_TOKEN_FILE'] || env['AWS_CONTAINER_CREDENTIALS_FULL_URI'] || env['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']);
}

/** `{ credentials }` with dummy keys for a local endpoint and no credentials in the environment; else nothing (the default chain). */
export function localCredentials(endpoint: string | undefined): { credentials?: { accessKeyId: string; secretAccessKey: string } } {
  return endpoint !== undefined && isLocal(endpoint) && !hasEnvironmentCredentials(process.env) ? { credentials: { accessKeyId: 'userpool', secretAccessKey: 'userpool' } } : {};
}
