import type { HandlerTable } from './context.ts';
import { addUserPoolClientSecret } from './add-user-pool-client-secret.ts';
import { adminDisableProviderForUser } from './admin-disable-provider-for-user.ts';
import { adminLinkProviderForUser } from './admin-link-provider-for-user.ts';
import { createIdentityProvider } from './create-identity-provider.ts';
import { deleteIdentityProvider } from './delete-identity-provider.ts';
import { deleteUserPoolClientSecret } from './delete-user-pool-client-secret.ts';
import { describeIdentityProvider } from './describe-identity-provider.ts';
import { describeRiskConfiguration } from './describe-risk-configuration.ts';
import { getIdentityProviderByIdentifier } from './get-identity-provider-by-identifier.ts';
import { getLogDeliveryConfiguration } from './get-log-delivery-configuration.ts';
import { getSigningCertificate } from './get-signing-certificate.ts';
import { getUICustomization } from './get-ui-customization.ts';
import { getUserAuthFactors } from './get-user-auth-factors.ts';
import { listIdentityProviders } from './list-identity-providers.ts';
import { listUserPoolClientSecrets } from './list-user-pool-client-secrets.ts';
import { setLogDeliveryConfiguration } from './set-log-delivery-configuration.ts';
import { setRiskConfiguration } from './set-risk-configuration.ts';
import { setUICustomization } from './set-ui-customization.ts';
import { updateIdentityProvider } from './update-identity-provider.ts';

/**
 * Handlers of the configuration area: identity providers and federation links, hosted UI
 * branding, risk and log-delivery settings, the SAML signing certificate, app client secrets and
 * GetUserAuthFactors. src/api/index.ts merges every area's table.
 */
export const configHandlers: HandlerTable = {
  CreateIdentityProvider: createIdentityProvider,
  DescribeIdentityProvider: describeIdentityProvider,
  UpdateIdentityProvider: updateIdentityProvider,
  DeleteIdentityProvider: deleteIdentityProvider,
  ListIdentityProviders: listIdentityProviders,
  GetIdentityProviderByIdentifier: getIdentityProviderByIdentifier,
  AdminLinkProviderForUser: adminLinkProviderForUser,
  AdminDisableProviderForUser: adminDisableProviderForUser,
  GetUICustomization: getUICustomization,
  SetUICustomization: setUICustomization,
  DescribeRiskConfiguration: describeRiskConfiguration,
  SetRiskConfiguration: setRiskConfiguration,
  GetLogDeliveryConfiguration: getLogDeliveryConfiguration,
  SetLogDeliveryConfiguration: setLogDeliveryConfiguration,
  GetSigningCertificate: getSigningCertificate,
  AddUserPoolClientSecret: addUserPoolClientSecret,
  DeleteUserPoolClientSecret: deleteUserPoolClientSecret,
  ListUserPoolClientSecrets: listUserPoolClientSecrets,
  GetUserAuthFactors: getUserAuthFactors,
};
