// Identity providers through boto3 (Python), the way set-up scripts drive them, against the real
// server. Skips loudly when python3 with boto3 is not installed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { withServer, type TestServer } from './helpers/server.ts';

const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
if (!hasBoto3) console.warn('\n!!! python3 with boto3 not found: boto3 identity-provider tests are SKIPPED !!!\n');

const PRELUDE = `
import json, os, boto3
from botocore.exceptions import ClientError
from botocore.config import Config
c = boto3.client('cognito-idp', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1',
                 aws_access_key_id='x', aws_secret_access_key='y',
                 config=Config(retries={'max_attempts': 1, 'mode': 'standard'}))
def out(v):
    print(json.dumps(v, default=str))
def err(fn, **kw):
    try:
        fn(**kw)
    except ClientError as e:
        return {'Code': e.response['Error']['Code'], 'Message': e.response['Error']['Message']}
    return None
`;

/** Runs a boto3 snippet (`c` is the client) and parses the JSON it prints last. */
function boto3(s: TestServer, code: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], ENDPOINT: s.url, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };
    execFile('python3', ['-c', PRELUDE + code], { env, timeout: 60_000 }, (e, stdout, stderr) => {
      if (e) return reject(new Error(`python failed: ${stderr}`));
      const lines = stdout.trim().split('\n');
      resolve(JSON.parse(lines[lines.length - 1] ?? '{}') as Record<string, unknown>);
    });
  });
}

describe('identity providers with boto3', { skip: !hasBoto3 && 'boto3 not installed' }, () => {
  const s = withServer('sqlite');

  it('creates, describes, pages, finds by identifier, updates and deletes IdPs; links a user', async () => {
    const r = await boto3(
      s,
      `
pool = c.create_user_pool(PoolName='federated')['UserPool']['Id']
g = c.create_identity_provider(UserPoolId=pool, ProviderName='Google', ProviderType='Google',
    ProviderDetails={'client_id': 'cid', 'client_secret': 'csecret', 'authorize_scopes': 'openid email'},
    AttributeMapping={'email': 'email'}, IdpIdentifiers=['example.com'])['IdentityProvider']
for name in ['CorpA', 'CorpB', 'CorpC']:
    c.create_identity_provider(UserPoolId=pool, ProviderName=name, ProviderType='OIDC',
        ProviderDetails={'client_id': 'x', 'attributes_request_method': 'GET', 'oidc_issuer': 'https://idp.example.com', 'authorize_scopes': 'openid'})
saml = c.create_identity_provider(UserPoolId=pool, ProviderName='MySAML', ProviderType='SAML',
    ProviderDetails={'MetadataURL': 'https://auth.example.com/sso/saml/metadata', 'IDPSignout': 'true'})['IdentityProvider']
names = []
for page in c.get_paginator('list_identity_providers').paginate(UserPoolId=pool, PaginationConfig={'PageSize': 2}):
    names += [p['ProviderName'] for p in page['Providers']]
by_id = c.get_identity_provider_by_identifier(UserPoolId=pool, IdpIdentifier='example.com')['IdentityProvider']
upd = c.update_identity_provider(UserPoolId=pool, ProviderName='Google', IdpIdentifiers=['example.org'])['IdentityProvider']
c.delete_identity_provider(UserPoolId=pool, ProviderName='CorpC')
client = c.create_user_pool_client(UserPoolId=pool, ClientName='web', SupportedIdentityProviders=['COGNITO', 'Google', 'MySAML'])['UserPoolClient']
c.admin_create_user(UserPoolId=pool, Username='diego', MessageAction='SUPPRESS')
c.admin_link_provider_for_user(UserPoolId=pool, DestinationUser={'ProviderName': 'Cognito', 'ProviderAttributeValue': 'diego'},
    SourceUser={'ProviderName': 'Google', 'ProviderAttributeName': 'Cognito_Subject', 'ProviderAttributeValue': '0000000000000000'})
attrs = {a['Name']: a['Value'] for a in c.admin_get_user(UserPoolId=pool, Username='diego')['UserAttributes']}
out({
  'details': g['ProviderDetails'], 'mapping': g['AttributeMapping'], 'created': type(g['CreationDate']).__name__,
  'saml': saml['ProviderDetails'], 'names': names, 'byId': by_id['ProviderName'], 'updated': upd['IdpIdentifiers'],
  'left': [p['ProviderName'] for p in c.list_identity_providers(UserPoolId=pool, MaxResults=60)['Providers']],
  'supported': client['SupportedIdentityProviders'],
  'identities': json.loads(attrs['identities']),
  'duplicate': err(c.create_identity_provider, UserPoolId=pool, ProviderName='Google', ProviderType='Google', ProviderDetails={'client_id': 'a', 'client_secret': 'b', 'authorize_scopes': 'c'}),
  'missingKey': err(c.create_identity_provider, UserPoolId=pool, ProviderName='Facebook', ProviderType='Facebook', ProviderDetails={'client_id': 'a'}),
  'gone': err(c.describe_identity_provider, UserPoolId=pool, ProviderName='CorpC'),
  'oldIdentifier': err(c.get_identity_provider_by_identifier, UserPoolId=pool, IdpIdentifier='example.com'),
  'badType': err(c.create_identity_provider, UserPoolId=pool, ProviderName='X1', ProviderType='LDAP', ProviderDetails={}),
})
`,
    );
    assert.equal((r['details'] as Record<string, string>)['authorize_url'], 'https://accounts.google.com/o/oauth2/v2/auth');
    assert.equal((r['details'] as Record<string, string>)['client_secret'], 'csecret');
    assert.deepEqual(r['mapping'], { email: 'email', username: 'sub' });
    assert.equal(r['created'], 'datetime');
    assert.deepEqual(r['saml'], { IDPSignout: 'true', MetadataURL: 'https://auth.example.com/sso/saml/metadata' });
    assert.deepEqual(r['names'], ['CorpA', 'CorpB', 'CorpC', 'Google', 'MySAML']);
    assert.equal(r['byId'], 'Google');
    assert.deepEqual(r['updated'], ['example.org']);
    assert.deepEqual(r['left'], ['CorpA', 'CorpB', 'Google', 'MySAML']);
    assert.deepEqual(r['supported'], ['COGNITO', 'Google', 'MySAML']);
    const [identity] = r['identities'] as Array<Record<string, unknown>>;
    assert.equal(identity?.['userId'], '0000000000000000');
    assert.equal(identity?.['providerName'], 'Google');
    assert.equal(identity?.['primary'], false);
    assert.deepEqual(r['duplicate'], { Code: 'DuplicateProviderException', Message: 'A provider with the name Google already exists in this user pool.' });
    assert.deepEqual(r['missingKey'], { Code: 'InvalidParameterException', Message: 'Invalid ProviderDetails: client_secret is required for a Facebook identity provider.' });
    assert.deepEqual(r['gone'], { Code: 'ResourceNotFoundException', Message: 'Identity provider CorpC does not exist.' });
    assert.equal((r['oldIdentifier'] as Record<string, string>)['Code'], 'ResourceNotFoundException');
    assert.equal((r['badType'] as Record<string, string>)['Code'], 'InvalidParameterException');
  });
});
