import type { Handler } from './context.ts';
import { signingCertificateOf } from '../domain/pool-settings/signing-certificate.ts';

export const getSigningCertificate: Handler<'GetSigningCertificate'> = async (input, ctx) => signingCertificateOf(ctx, input.UserPoolId);
