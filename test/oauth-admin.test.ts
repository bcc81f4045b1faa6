/**
 * User pool domains and resource servers through the AWS SDK, and the discovery document's
 * endpoints all answering (SQLite + PostgreSQL).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPool } from './helpers/auth.ts';
import { databases, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

for (const kind of await databases()) {
  describe(`OAuth admin: domains, resource servers, discovery (${kind})`, () => {
    const s = withServer(kind);

    it('creates, describes, updates and deletes a prefix domain; the pool shows it and cannot be deleted meanwhile', async () => {
      const poolId = await createPool(s);
      const prefix = `app-${kind}-${Date.now().toString(36)}`;
      const created = await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
      assert.equal(created.CloudFrontDomain, undefined);

      const d = (await s.client.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))).DomainDescription!;
      assert.equal(d.UserPoolId, poolId);
      assert.equal(d.Domain, prefix);
      assert.equal(d.AWSAccountId, '123456789012');
      assert.equal(d.Status, 'ACTIVE');
      assert.match(d.Version!, /^\d{14}$/);
      assert.match(d.CloudFrontDistribution!, /^d[0-9a-f]{13}\.cloudfront\.net$/);
      assert.equal(d.S3Bucket, 'aws-cognito-prod-us-east-1-assets');
      assert.equal(d.CustomDomainConfig, undefined);
      assert.equal((await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.Domain, prefix);

      // A domain belongs to one pool; a pool has one prefix domain.
      const other = await createPool(s);
      await rejectsWith(s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: prefix })), 'InvalidParameterException', 'Domain already associated with another user pool.');
      await rejectsWith(s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `${prefix}-2` })), 'InvalidParameterException', 'User pool already has a domain configured.');
      await rejectsWith(s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: 'my-cognito-login' })), 'InvalidParameterException', 'Domain cannot contain reserved word: cognito');
      await rejectsWith(s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: 'us-east-1_nothere00', Domain: 'x1' })), 'ResourceNotFoundException');
      await rejectsWith(s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: 'Bad_Domain' })), 'InvalidParameterException');

      await rejectsWith(
        s.client.send(new DeleteUserPoolCommand({ UserPoolId: poolId })),
        'InvalidParameterException', 'User pool cannot be deleted. It has a domain configured that should be deleted first.',
      );

      const updated = await s.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix, ManagedLoginVersion: 2 }));
      assert.equal(updated.ManagedLoginVersion, 2);
      assert.equal((await s.client.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))).DomainDescription!.ManagedLoginVersion, 2);
      await rejectsWith(s.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix, CustomDomainConfig: { CertificateArn: CERT } })), 'InvalidParameterException');
      await rejectsWith(s.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: other, Domain: prefix, ManagedLoginVersion: 1 })), 'InvalidParameterException', 'No such domain or user pool exists.');

      await rejectsWith(s.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: other, Domain: prefix })), 'InvalidParameterException', 'No such domain or user pool exists.');
      await s.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
      assert.deepEqual((await s.client.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))).DomainDescription, {});
      assert.equal((await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.Domain, undefined);
      // Free again: another pool may take it; the first pool can now be deleted.
      await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: prefix }));
      await s.client.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
      await s.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: other, Domain: prefix }));
    });

    it('stores a custom domain (CustomDomainConfig) next to a prefix domain, with a CloudFront target', async () => {
      const poolId = await createPool(s);
      const custom = `login${kind}${Date.now().toString(36)}`;
      const created = await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: custom, CustomDomainConfig: { CertificateArn: CERT } }));
      assert.match(created.CloudFrontDomain!, /^d[0-9a-f]{13}\.cloudfront\.net$/);
      await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `${custom}-prefix` }));
      const pool = (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
      assert.equal(pool.CustomDomain, custom);
      assert.equal(pool.Domain, `${custom}-prefix`);
      const d = (await s.client.send(new DescribeUserPoolDomainCommand({ Domain: custom }))).DomainDescription!;
      assert.deepEqual(d.CustomDomainConfig, { CertificateArn: CERT });
      const cert2 = CERT.replace('5555', '6666');
      const updated = await s.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: custom, CustomDomainConfig: { CertificateArn: cert2 } }));
      assert.equal(updated.CloudFrontDomain, created.CloudFrontDomain);
      assert.equal((await s.client.send(new DescribeUserPoolDomainCommand({ Domain: custom }))).DomainDescription!.CustomDomainConfig!.CertificateArn, cert2);
      await s.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: custom }));
      const after1 = (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
      assert.equal(after1.CustomDomain, undefined);
      assert.equal(after1.Domain, `${custom}-prefix`);
      await s.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: `${custom}-prefix` }));
    });

    it('creates, describes, lists (paged), updates and deletes resource servers; their scopes become valid client scopes', async () => {
      const poolId = await createPool(s);
      const clientInput = {
        UserPoolId: poolId,
        ClientName: 'm2m',
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials' as const],
        AllowedOAuthScopes: ['https://api.example.com/read'],
      };
      await rejectsWith(s.client.send(new CreateUserPoolClientCommand(clientInput)), 'ScopeDoesNotExistException', 'Invalid scope requested: https://api.example.com/read');

      const rs = await s.client.send(
        new CreateResourceServerCommand({
          UserPoolId: poolId,
          Identifier: 'https://api.example.com',
          Name: 'Example API',
          Scopes: [
            { ScopeName: 'read', ScopeDescription: 'Read things' },
            { ScopeName: 'write', ScopeDescription: 'Write things' },
          ],
        }),
      );
      assert.deepEqual(rs.ResourceServer, {
        UserPoolId: poolId,
        Identifier: 'https://api.example.com',
        Name: 'Example API',
        Scopes: [
          { ScopeName: 'read', ScopeDescription: 'Read things' },
          { ScopeName: 'write', ScopeDescription: 'Write things' },
        ],
      });
      const client = (await s.client.send(new CreateUserPoolClientCommand(clientInput))).UserPoolClient!;
      assert.deepEqual(client.AllowedOAuthScopes, ['https://api.example.com/read']);

      await rejectsWith(
        s.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.example.com', Name: 'again' })),
        'InvalidParameterException', `https://api.example.com already exists in user pool ${poolId}.`,
      );
      await rejectsWith(
        s.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'dup', Name: 'dup', Scopes: [{ ScopeName: 'a', ScopeDescription: 'a' }, { ScopeName: 'a', ScopeDescription: 'b' }] })),
        'InvalidParameterException',
      );
      await rejectsWith(s.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'bad', Name: 'bad', Scopes: [{ ScopeName: 'has/slash', ScopeDescription: 'x' }] })), 'InvalidParameterException');
      await s.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'billing', Name: 'Billing' }));
      await s.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'zeta', Name: 'Zeta', Scopes: [{ ScopeName: 'z', ScopeDescription: 'z' }] }));

      const described = await s.client.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'billing' }));
      assert.deepEqual(described.ResourceServer, { UserPoolId: poolId, Identifier: 'billing', Name: 'Billing', Scopes: [] });
      await rejectsWith(s.client.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'nope' })), 'ResourceNotFoundException');

      const seen: string[] = [];
      let next: string | undefined;
      do {
        const page = await s.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2, ...(next ? { NextToken: next } : {}) }));
        assert.ok(page.ResourceServers!.length <= 2);
        seen.push(...page.ResourceServers!.map((r) => r.Identifier!));
        next = page.NextToken;
      } while (next);
      assert.deepEqual(seen, ['billing', 'https://api.example.com', 'zeta']);
      await rejectsWith(s.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: 'garbage' })), 'InvalidParameterException');

      const updated = await s.client.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'billing', Name: 'Billing v2', Scopes: [{ ScopeName: 'pay', ScopeDescription: 'Pay' }] }));
      assert.deepEqual(updated.ResourceServer!.Scopes, [{ ScopeName: 'pay', ScopeDescription: 'Pay' }]);
      assert.equal(updated.ResourceServer!.Name, 'Billing v2');
      await s.client.send(new UpdateUserPoolClientCommand({ ...clientInput, ClientId: client.ClientId!, AllowedOAuthScopes: ['billing/pay', 'zeta/z'] }));
      await rejectsWith(s.client.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'nope', Name: 'x' })), 'ResourceNotFoundException');

      await s.client.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'zeta' }));
      await rejectsWith(s.client.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'zeta' })), 'ResourceNotFoundException');
      await rejectsWith(s.client.send(new UpdateUserPoolClientCommand({ ...clientInput, ClientId: client.ClientId!, AllowedOAuthScopes: ['zeta/z'] })), 'ScopeDoesNotExistException');
      const left = await s.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 50 }));
      assert.deepEqual(left.ResourceServers!.map((r) => r.Identifier), ['billing', 'https://api.example.com']);
      await rejectsWith(s.client.send(new ListResourceServersCommand({ UserPoolId: 'us-east-1_nothere00', MaxResults: 5 })), 'ResourceNotFoundException');
      // Deleting the pool takes its resource servers along.
      await s.client.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    });

    it('answers every endpoint the discovery document advertises (no 404)', async () => {
      const poolId = await createPool(s);
      const res = await fetch(`${s.url}/${poolId}/.well-known/openid-configuration`);
      assert.equal(res.status, 200);
      const doc = (await res.json()) as Record<string, string>;
      const jwks = await fetch(doc['jwks_uri']!);
      assert.equal(jwks.status, 200);
      const checks: Array<[string, string]> = [
        ['authorization_endpoint', 'GET'],
        ['end_session_endpoint', 'GET'],
        ['token_endpoint', 'POST'],
        ['userinfo_endpoint', 'GET'],
        ['revocation_endpoint', 'POST'],
      ];
      for (const [key, method] of checks) {
        const r = await fetch(doc[key]!, { method, redirect: 'manual', ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' } : {}) });
        assert.notEqual(r.status, 404, `${key} ${doc[key]} answered 404`);
        assert.ok(r.status >= 400 && r.status < 500, `${key}: ${r.status}`);
      }
      // An unknown pool is a 404 on every endpoint.
      const missing = await fetch(`${s.url}/us-east-1_nothere00/oauth2/token`, { method: 'POST' });
      assert.equal(missing.status, 404);
    });
  });
}
