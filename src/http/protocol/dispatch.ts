import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Deps, RequestContext } from '../../domain/context.ts';
import type { Handler, HandlerTable } from '../../api/context.ts';
import { isOperationName, operations, type OperationName } from '../../generated/operations.ts';
import { CognitoError, MAX_HEADER_MESSAGE, MAX_MESSAGE, clip } from '../../domain/errors.ts';
import { JSON_CONTENT_TYPE, errorBody, operationFromTarget, parseJsonBody } from './json11.ts';
import { decodeQueryInput } from './query.ts';
import { hasSigV4Credentials, readCredentialScope, verifySigV4, type SignedRequest } from './sigv4.ts';
import { validateInput } from './validate.ts';

export interface ApiRequest extends SignedRequest {
  sourceIp: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The request named an IAM-authenticated (SigV4) operation. */
  iam?: boolean;
  /** What happened, for the request log and metrics (never sent). */
  report: DispatchReport;
}

export interface DispatchReport {
  /** The operation, once the request named a known one. */
  operation?: OperationName;
  /** The input after validation (so its enums are the model's), when it got that far. */
  input?: Record<string, unknown>;
  /** The handler's output on success. */
  output?: unknown;
  /** The error type answered, on failure. */
  errorType?: string;
}

export interface DispatchOptions {
  /** Refuse IAM-authenticated operations before anything runs (a web page of an unlisted origin sent the request). */
  refuseIam?: boolean;
}

interface Decoded {
  operation: OperationName;
  input: Record<string, unknown>;
}

function header(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function unknownOperation(name: string): CognitoError {
  return new CognitoError('UnknownOperationException', name ? `Unknown operation ${clip(name)}` : 'Unknown operation');
}

/** JSON 1.1 when `X-Amz-Target` is present; otherwise the query style (`Action=` in the URL or a form body). */
function decode(req: ApiRequest): Decoded {
  const target = header(req, 'x-amz-target');
  if (target !== undefined) {
    const name = operationFromTarget(target);
    if (name === undefined || !isOperationName(name)) throw unknownOperation(name ?? target);
    return { operation: name, input: parseJsonBody(req.body) };
  }
  const q = req.rawUrl.indexOf('?');
  const params = new URLSearchParams(q >= 0 ? req.rawUrl.slice(q + 1) : '');
  const contentType = header(req, 'content-type') ?? '';
  if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.append(k, v);
  }
  const action = params.get('Action');
  if (action === null) {
    if (req.method === 'POST') throw unknownOperation('');
    throw new CognitoError('MissingAction', 'Missing Action: name the operation with X-Amz-Target or ?Action=<Operation>.');
  }
  if (!isOperationName(action)) throw unknownOperation(action);
  const version = params.get('Version');
  if (version !== null && version !== '2016-04-18') {
    throw new CognitoError('InvalidParameterException', `Unsupported Version ${clip(version)}: this API is 2016-04-18.`);
  }
  const input = decodeQueryInput(action, params);
  // Tokens in URLs end up in logs; `Authorization: Bearer <token>` may carry the AccessToken instead.
  const auth = header(req, 'authorization');
  if (input['AccessToken'] === undefined && auth?.startsWith('Bearer ')) input['AccessToken'] = auth.slice(7).trim();
  return { operation: action, input };
}

function authenticate(req: ApiRequest, operation: OperationName, deps: Deps): string {
  const config = deps.config;
  const signed = operations[operation].auth === 'sigv4';
  if (signed && config.signatureMode === 'verify') {
    const id = verifySigV4(req, (akid) => config.accessKeys[akid], new Date(deps.now()));
    return id.region;
  }
  if (hasSigV4Credentials(req)) return readCredentialScope(req)?.region ?? config.region;
  return config.region;
}

function encodeOutput(output: unknown): string {
  return output === undefined || output === null ? '{}' : JSON.stringify(output);
}

/** Every message is bounded here, whatever the thrower quoted; the header copy is shorter still. */
export function errorResponse(err: CognitoError, requestId: string, report: DispatchReport = {}): ApiResponse {
  const message = clip(err.message, MAX_MESSAGE);
  const headers: Record<string, string> = { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId, 'x-amzn-errortype': err.type };
  if (/^[\x20-\x7e]*$/.test(message)) headers['x-amzn-errormessage'] = clip(message, MAX_HEADER_MESSAGE);
  report.errorType = err.type;
  return { status: err.status, headers, body: errorBody(err.type, message), report };
}

export function createDispatcher(deps: Deps, handlers: HandlerTable, log: FastifyBaseLogger) {
  return async function dispatch(req: ApiRequest, options: DispatchOptions = {}): Promise<ApiResponse> {
    const requestId = randomUUID();
    let operation: OperationName | undefined;
    const report: DispatchReport = {};
    try {
      const decoded = decode(req);
      operation = decoded.operation;
      report.operation = operation;
      if (options.refuseIam && operations[operation].auth === 'sigv4') {
        const origin = header(req, 'origin');
        return {
          ...errorResponse(new CognitoError('AccessDeniedException', `Web pages of origin ${origin ?? '(cross-site)'} may not call ${operation}: add the origin to USERPOOL_CORS_ORIGINS.`), requestId, report),
          iam: true,
        };
      }
      const region = authenticate(req, operation, deps);
      const input = validateInput(operation, decoded.input);
      report.input = input;
      const handler = handlers[operation] as Handler<OperationName> | undefined;
      if (handler === undefined) {
        throw new CognitoError('UnsupportedOperationException', `${operation} is not supported by this server (Userpool).`);
      }
      // The request's child logger is made on first use: most requests never log, and pino's
      // child() (bindings serialized up front) was a visible share of a cheap request's CPU.
      let requestLog: FastifyBaseLogger | undefined;
      const op = operation;
      const ctx: RequestContext = {
        deps,
        requestId,
        operation,
        region,
        sourceIp: req.sourceIp,
        get log(): FastifyBaseLogger {
          return (requestLog ??= log.child({ requestId, operation: op, userPoolId: typeof input['UserPoolId'] === 'string' ? input['UserPoolId'] : undefined }));
        },
      };
      const output = await handler(input as never, ctx);
      report.output = output;
      return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId }, body: encodeOutput(output), report };
    } catch (err) {
      if (err instanceof CognitoError) {
        if (err.status >= 500) log.error({ requestId, operation, err }, 'server fault');
        return errorResponse(err, requestId, report);
      }
      log.error({ requestId, operation, err }, 'unhandled error');
      return errorResponse(new CognitoError('InternalErrorException', 'Internal server error.'), requestId, report);
    }
  };
}
