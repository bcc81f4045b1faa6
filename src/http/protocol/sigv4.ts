/**
 * Server-side AWS Signature Version 4 verification (protocol.md §5): the `Authorization` header
 * form used by the SDKs and CLI, and the presigned query form (`X-Amz-Algorithm=…`) for the
 * GET mapping. The canonical request is rebuilt from the request exactly as received.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CognitoError } from '../../domain/errors.ts';

export interface SignedRequest {
  method: string;
  /** path + `?query` exactly as received */
  rawUrl: string;
  /** lower-case names, as node gives them */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface SigV4Identity {
  accessKeyId: string;
  region: string;
  service: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SERVICE = 'cognito-idp';
const TERMINATOR = 'aws4_request';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_EXPIRES_S = 604800;
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

interface QueryParam {
  rawKey: string;
  rawValue: string;
  key: string;
  value: string;
}

interface ParsedSignature {
  presigned: boolean;
  accessKeyId: string;
  /** `<yyyymmdd>/<region>/<service>/aws4_request`, verbatim from the credential */
  scope: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string;
  signature: string;
  /** ISO-8601 basic, as it goes into the string to sign */
  amzDate: string;
  amzDateMs: number;
  expiresSeconds: number | undefined;
}

const incomplete = (message: string): CognitoError => new CognitoError('IncompleteSignatureException', message);
const invalidSignature = (message: string): CognitoError => new CognitoError('InvalidSignatureException', message);

export function hasSigV4Credentials(req: SignedRequest): boolean {
  if (isSigV4Header(headerValue(req, 'authorization'))) return true;
  return isPresigned(parseQuery(splitUrl(req.rawUrl).query));
}

export function readCredentialScope(req: SignedRequest): SigV4Identity | undefined {
  const auth = headerValue(req, 'authorization');
  let credential: string | undefined;
  if (isSigV4Header(auth)) {
    credential = parseAuthParams(auth).get('Credential');
  } else {
    credential = firstParam(parseQuery(splitUrl(req.rawUrl).query), 'X-Amz-Credential');
  }
  if (credential === undefined) return undefined;
  const [accessKeyId, , region, service, ...rest] = credential.split('/');
  if (rest.length !== 1 || !accessKeyId || !region || !service) return undefined;
  return { accessKeyId, region, service };
}

export function verifySigV4(
  req: SignedRequest,
  secretFor: (accessKeyId: string) => string | undefined,
  now: Date,
): SigV4Identity {
  const { path, query } = splitUrl(req.rawUrl);
  const params = parseQuery(query);
  const parsed = parseSignature(req, params);

  // AWS's text (IAM user guide, "Troubleshoot signed requests for AWS APIs").
  if (parsed.service !== SERVICE) throw invalidSignature(`Credential should be scoped to correct service: '${SERVICE}'. `);
  checkAllAmzHeadersSigned(req, parsed.signedHeaders);
  checkTime(parsed, now);

  const secret = secretFor(parsed.accessKeyId);
  if (secret === undefined) {
    throw new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }

  const bodyHash = sha256Hex(req.body);
  const declaredHash = headerValue(req, 'x-amz-content-sha256');
  let payloadHashes: string[];
  // UNSIGNED-PAYLOAD is S3's: here it is accepted only where it leaves nothing unsigned (no body).
  const unsignedAllowed = req.body.length === 0;
  if (declaredHash !== undefined) {
    if (declaredHash === UNSIGNED_PAYLOAD ? !unsignedAllowed : declaredHash.toLowerCase() !== bodyHash) {
      throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    payloadHashes = [declaredHash];
  } else if (parsed.presigned && unsignedAllowed) {
    // botocore presigns with UNSIGNED-PAYLOAD, @smithy/signature-v4 with the body hash.
    payloadHashes = [bodyHash, UNSIGNED_PAYLOAD];
  } else {
    payloadHashes = [bodyHash];
  }

  const provided = /^[0-9a-f]{64}$/.test(parsed.signature) ? Buffer.from(parsed.signature, 'hex') : undefined;
  const key = signingKey(secret, parsed.scopeDate, parsed.region, parsed.service);
  const canonicalPrefix = [
    req.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(params),
    canonicalHeaders(req, parsed.signedHeaders),
    parsed.signedHeaders,
  ].join('\n');
  let matched = false;
  for (const payloadHash of payloadHashes) {
    const stringToSign = [
      ALGORITHM,
      parsed.amzDate,
      parsed.scope,
      sha256Hex(`${canonicalPrefix}\n${payloadHash}`),
    ].join('\n');
    const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
    if (provided !== undefined && timingSafeEqual(expected, provided)) matched = true;
  }
  if (!matched) throw invalidSignature(SIGNATURE_MISMATCH);

  return { accessKeyId: parsed.accessKeyId, region: parsed.region, service: parsed.service };
}

function parseSignature(req: SignedRequest, params: QueryParam[]): ParsedSignature {
  const auth = headerValue(req, 'authorization');
  const presigned = isPresigned(params);
  if (isSigV4Header(auth)) {
    if (presigned) {
      throw incomplete(
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, ' +
          'Signature query string parameter or the Authorization header should be specified',
      );
    }
    return parseHeaderSignature(req, auth);
  }
  if (presigned) return parseQuerySignature(params);
  // Any other Authorization value (e.g. a Bearer token) is, to AWS, a malformed SigV4 header.
  if (auth !== undefined && auth !== '') return parseHeaderSignature(req, auth);
  throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
}

function parseHeaderSignature(req: SignedRequest, auth: string): ParsedSignature {
  const fields = isSigV4Header(auth) ? parseAuthParams(auth) : new Map<string, string>();
  const credential = fields.get('Credential');
  const signature = fields.get('Signature');
  const signedHeaders = fields.get('SignedHeaders');
  const amzDateHeader = headerValue(req, 'x-amz-date');
  const dateHeader = headerValue(req, 'date');

  const missing: string[] = [];
  if (!credential) missing.push("Authorization header requires 'Credential' parameter.");
  if (!signature) missing.push("Authorization header requires 'Signature' parameter.");
  if (!signedHeaders) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (!amzDateHeader && !dateHeader) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (!credential || !signature || !signedHeaders || missing.length > 0) throw incomplete(missing.join(' '));

  let amzDate: string;
  let amzDateMs: number;
  if (amzDateHeader) {
    amzDate = amzDateHeader;
    amzDateMs = parseBasicIso(amzDateHeader);
  } else {
    const ms = Date.parse(dateHeader ?? '');
    if (Number.isNaN(ms)) throw incomplete(`Date header '${dateHeader ?? ''}' is not a valid HTTP date.`);
    amzDateMs = Math.floor(ms / 1000) * 1000;
    amzDate = formatBasicIso(amzDateMs);
  }

  return {
    presigned: false,
    ...parseCredential(credential, amzDate),
    signedHeaders: checkSignedHeaders(signedHeaders),
    signature,
    amzDate,
    amzDateMs,
    expiresSeconds: undefined,
  };
}

function parseQuerySignature(params: QueryParam[]): ParsedSignature {
  const names = [
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Signature',
    'X-Amz-Date',
    'X-Amz-SignedHeaders',
    'X-Amz-Expires',
  ] as const;
  const values = new Map<string, string>();
  const missing: string[] = [];
  for (const name of names) {
    const value = firstParam(params, name);
    if (value) values.set(name, value);
    else missing.push(`AWS query-string parameters must include '${name}'.`);
  }
  if (missing.length > 0) throw incomplete(`${missing.join(' ')} Re-examine the query-string parameters.`);

  const algorithm = values.get('X-Amz-Algorithm') ?? '';
  const credential = values.get('X-Amz-Credential') ?? '';
  const signature = values.get('X-Amz-Signature') ?? '';
  const amzDate = values.get('X-Amz-Date') ?? '';
  const signedHeaders = values.get('X-Amz-SignedHeaders') ?? '';
  const expires = values.get('X-Amz-Expires') ?? '';

  if (algorithm !== ALGORITHM) throw incomplete(`X-Amz-Algorithm only supports "${ALGORITHM}".`);
  if (!/^\d{1,6}$/.test(expires) || Number(expires) > MAX_PRESIGN_EXPIRES_S) {
    throw incomplete(`X-Amz-Expires must be an integer number of seconds from 0 to ${MAX_PRESIGN_EXPIRES_S} (one week).`);
  }
  const amzDateMs = parseBasicIso(amzDate);
  return {
    presigned: true,
    ...parseCredential(credential, amzDate),
    signedHeaders: checkSignedHeaders(signedHeaders),
    signature,
    amzDate,
    amzDateMs,
    expiresSeconds: Number(expires),
  };
}

function parseCredential(
  credential: string,
  amzDate: string,
): Pick<ParsedSignature, 'accessKeyId' | 'scope' | 'scopeDate' | 'region' | 'service'> {
  const parts = credential.split('/');
  const [accessKeyId, scopeDate, region, service, terminator] = parts;
  if (
    parts.length !== 5 ||
    accessKeyId === undefined ||
    scopeDate === undefined ||
    region === undefined ||
    service === undefined ||
    terminator === undefined
  ) {
    throw incomplete(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  if (accessKeyId === '') throw incomplete('Credential should have a non-empty access key id.');
  if (region === '') throw incomplete('Credential should be scoped to a valid region.');
  if (service === '') throw incomplete('Credential should be scoped to a valid service.');
  if (terminator !== TERMINATOR) {
    throw incomplete(`Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'.`);
  }
  if (scopeDate !== amzDate.slice(0, 8)) {
    throw invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
        `'${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  return { accessKeyId, scope: parts.slice(1).join('/'), scopeDate, region, service };
}

function checkSignedHeaders(signedHeaders: string): string {
  // Without a signed Host a signature could be replayed against another endpoint.
  if (!signedHeaders.split(';').includes('host')) {
    throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  return signedHeaders;
}

/**
 * Every `x-amz-*` header the request carries must be signed, or it could be swapped (an unsigned
 * X-Amz-Target turns a signed ListUsers into AdminDeleteUser). AWS documents the rule in
 * "Create a signed AWS API request"; the text is S3's (AWS gives none for JSON services).
 */
function checkAllAmzHeadersSigned(req: SignedRequest, signedHeaders: string): void {
  const signed = new Set(signedHeaders.toLowerCase().split(';'));
  const unsigned = Object.keys(req.headers).filter((name) => name.toLowerCase().startsWith('x-amz-') && !signed.has(name.toLowerCase()));
  if (unsigned.length > 0) {
    throw incomplete(`There were headers present in the request which were not signed: ${unsigned.sort().join(', ')}.`);
  }
}

function checkTime(parsed: ParsedSignature, now: Date): void {
  const nowMs = now.getTime();
  if (parsed.amzDateMs - nowMs > MAX_SKEW_MS) {
    throw invalidSignature(
      `Signature not yet current: ${parsed.amzDate} is still later than ` +
        `${formatBasicIso(nowMs + MAX_SKEW_MS)} (${formatBasicIso(nowMs)} + 15 min.)`,
    );
  }
  if (parsed.expiresSeconds !== undefined) {
    const expiresMs = parsed.expiresSeconds * 1000;
    if (nowMs - parsed.amzDateMs > expiresMs) {
      throw invalidSignature(
        `Signature expired: ${parsed.amzDate} is now earlier than ` +
          `${formatBasicIso(nowMs - expiresMs)} (${formatBasicIso(nowMs)} - ${parsed.expiresSeconds} sec.)`,
      );
    }
  } else if (nowMs - parsed.amzDateMs > MAX_SKEW_MS) {
    throw invalidSignature(
      `Signature expired: ${parsed.amzDate} is now earlier than ` +
        `${formatBasicIso(nowMs - MAX_SKEW_MS)} (${formatBasicIso(nowMs)} - 15 min.)`,
    );
  }
}

function isSigV4Header(auth: string | undefined): auth is string {
  return auth !== undefined && (auth === ALGORITHM || auth.startsWith(`${ALGORITHM} `));
}

function isPresigned(params: QueryParam[]): boolean {
  return params.some((p) => p.key === 'X-Amz-Algorithm' || p.key === 'X-Amz-Credential');
}

/** `Credential=…, SignedHeaders=…, Signature=…` — separators `,` with optional whitespace. */
function parseAuthParams(auth: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of auth.slice(ALGORITHM.length).split(',')) {
    const item = part.trim();
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    const name = item.slice(0, eq).trim();
    if (!fields.has(name)) fields.set(name, item.slice(eq + 1).trim());
  }
  return fields;
}

function headerValue(req: SignedRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function splitUrl(rawUrl: string): { path: string; query: string } {
  // Absolute-form request targets (`GET http://host/path`) carry the authority in the URL.
  const url = rawUrl.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, '');
  const q = url.indexOf('?');
  if (q < 0) return { path: url, query: '' };
  return { path: url.slice(0, q), query: url.slice(q + 1) };
}

function parseQuery(query: string): QueryParam[] {
  const params: QueryParam[] = [];
  if (query === '') return params;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    params.push({
      rawKey,
      rawValue,
      key: percentDecode(rawKey).toString('utf8'),
      value: percentDecode(rawValue).toString('utf8'),
    });
  }
  return params;
}

function firstParam(params: QueryParam[], key: string): string | undefined {
  return params.find((p) => p.key === key)?.value;
}

/**
 * Lenient form decoding: `+` is a space (botocore puts `urlencode()` output, which uses `+`, on
 * the wire but signs `%20`); a `%` not followed by two hex digits stays literal.
 */
function percentDecode(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === 0x2b) {
      bytes.push(0x20);
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const cp = s.codePointAt(i) ?? c;
      if (cp > 0xffff) i++;
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x61 && b <= 0x7a) ||
    (b >= 0x30 && b <= 0x39) ||
    b === 0x2d ||
    b === 0x2e ||
    b === 0x5f ||
    b === 0x7e
  );
}

/** RFC 3986 encoding of every byte outside `A-Za-z0-9-_.~`, upper-case hex. */
function uriEncode(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    out += isUnreserved(b) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The received path is already percent-encoded by the client; both SDKs sign it encoded once
 * more (botocore quotes the prepared URL's path, JS v3 double-encodes), after removing `.`,
 * `..` and empty segments.
 */
function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(uriEncode(Buffer.from(segment, 'utf8')));
  }
  const leading = path.startsWith('/') || path === '' ? '/' : '';
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `${leading}${segments.join('/')}${trailing}`;
}

function canonicalQuery(params: QueryParam[]): string {
  return params
    .filter((p) => p.key !== 'X-Amz-Signature')
    .map((p) => [uriEncode(percentDecode(p.rawKey)), uriEncode(percentDecode(p.rawValue))] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Each signed header as `name:value\n`, so the block ends with the blank line the format needs. */
function canonicalHeaders(req: SignedRequest, signedHeaders: string): string {
  const trimAll = (v: string): string => v.replace(/[ \t\r\n]+/g, ' ').trim();
  let out = '';
  for (const name of signedHeaders.split(';')) {
    const value = req.headers[name.toLowerCase()];
    const canonical = Array.isArray(value) ? value.map(trimAll).join(',') : trimAll(value ?? '');
    out += `${name}:${canonical}\n`;
  }
  return out;
}

function parseBasicIso(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : NaN;
  // Round-trip rejects out-of-range fields (month 13, second 61) that Date.UTC would roll over.
  if (Number.isNaN(ms) || formatBasicIso(ms) !== value) {
    throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  return ms;
}

function formatBasicIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

const SIGNING_KEY_CACHE_MAX = 256;
const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = JSON.stringify([secret, date, region, service]);
  const cached = signingKeys.get(cacheKey);
  if (cached !== undefined) {
    // Re-insert so Map order approximates least-recently-used.
    signingKeys.delete(cacheKey);
    signingKeys.set(cacheKey, cached);
    return cached;
  }
  const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), TERMINATOR);
  if (signingKeys.size >= SIGNING_KEY_CACHE_MAX) {
    const oldest = signingKeys.keys().next();
    if (oldest.done !== true) signingKeys.delete(oldest.value);
  }
  signingKeys.set(cacheKey, key);
  return key;
}
