/**
 * `/login`: the hosted sign-in page. GET renders the form for a valid authorization request;
 * POST (form: `username`, `password`, `_csrf`; the OAuth parameters stay in the query string, as
 * on AWS) signs in through the domain's sign-in code, shows follow-up pages for
 * NEW_PASSWORD_REQUIRED and MFA, and ends with the authorization response and a hosted session.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { CognitoError } from '../../domain/errors.ts';
import type { AuthRequest } from '../../domain/oauth/authorization-request.ts';
import { authorizationResponse } from './authorization.ts';
import { formOf, param, queryOf, sendHtml, type Site } from './http.ts';
import { csrfToken, csrfValid } from './hosted-ui/csrf.ts';
import { challengePage, loginPage, type FormContext, type ProviderLink } from './hosted-ui/pages.ts';
import { startSession } from './hosted-ui/session.ts';
import { hostedPasswordSignIn, hostedRespond, type HostedStep } from './hosted-ui/sign-in.ts';
import { authParamsOf, checkAuthRequest } from './request.ts';

function formContext(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply, query: URLSearchParams): FormContext {
  return { action: `${site.base}/login?${authParamsOf(query).toString()}`, csrf: csrfToken(deps, req, reply, site), poolName: site.pool.name };
}

/** The sign-in page's choices: the form (COGNITO supported) and one link per external identity provider. */
function choices(site: Site, request: AuthRequest, query: URLSearchParams): { form: boolean; providers: ProviderLink[] } {
  const providers = request.externalProviders.map((name) => {
    const params = authParamsOf(query);
    params.delete('idp_identifier');
    params.set('identity_provider', name);
    return { name, href: `${site.base}/oauth2/authorize?${params.toString()}` };
  });
  return { form: request.cognitoSignIn, providers };
}

export async function loginGet(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const query = queryOf(req);
  const request = await checkAuthRequest(deps, site.pool, query);
  return sendHtml(reply, 200, loginPage(formContext(deps, site, req, reply, query), choices(site, request, query)));
}

export async function loginPost(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const query = queryOf(req);
  const request = await checkAuthRequest(deps, site.pool, query);
  const form = formOf(req);
  const f = formContext(deps, site, req, reply, query);
  const username = param(form, 'username') ?? '';
  const c = choices(site, request, query);
  if (!request.cognitoSignIn) return sendHtml(reply, 400, loginPage(f, { ...c, error: 'This app signs users in with an external identity provider only.' }));
  if (!csrfValid(req, param(form, '_csrf'))) {
    return sendHtml(reply, 403, loginPage(f, { ...c, error: 'Your sign-in page expired. Please sign in again.', username }));
  }
  const call = { deps, pool: site.pool, client: request.client, sourceIp: req.ip, log: req.log };
  const challenge = param(form, 'challenge_name');

  let step: HostedStep;
  try {
    if (challenge === undefined) {
      const password = form.get('password') ?? '';
      if (username === '' || password === '') return sendHtml(reply, 400, loginPage(f, { ...c, error: 'Please enter your username and password.', username }));
      step = await hostedPasswordSignIn(call, username, password);
    } else {
      const answer: Record<string, string> = {};
      for (const [k, v] of form) if (!(k in answer)) answer[k] = v;
      step = await hostedRespond(call, challenge, username, param(form, 'session') ?? '', answer);
    }
  } catch (err) {
    // A sign-in error is shown on the page with AWS's own message; anything else is the error handler's.
    if (!(err instanceof CognitoError)) throw err;
    // A wrong answer to a challenge that can still be answered: the same page again; otherwise back to the sign-in form.
    const retry = challenge !== undefined && ['CodeMismatchException', 'InvalidPasswordException', 'InvalidParameterException', 'EnableSoftwareTokenMFAException'].includes(err.type);
    if (retry) {
      return sendHtml(reply, 200, challengePage(f, { name: challenge, session: param(form, 'session') ?? '', username, parameters: challengeParameters(form), secretCode: param(form, 'secret_code') }, err.message));
    }
    return sendHtml(reply, 200, loginPage(f, { ...c, error: err.message, username: challenge === undefined ? username : '' }));
  }
  return finishStep(deps, site, reply, request, f, step);
}

/** Parameters a challenge page needs to be shown again (kept in hidden fields). */
function challengeParameters(form: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (k.startsWith('p.')) out[k.slice(2)] = v;
  return out;
}

async function finishStep(deps: Deps, site: Site, reply: FastifyReply, request: AuthRequest, f: FormContext, step: HostedStep): Promise<FastifyReply> {
  if (step.kind === 'challenge') {
    return sendHtml(reply, 200, challengePage(f, { name: step.name, session: step.session, username: step.username, parameters: step.parameters, secretCode: step.secretCode }));
  }
  await startSession(deps, reply, site, step.user, step.authTime);
  return authorizationResponse(deps, reply, request, step.user, step.authTime);
}
