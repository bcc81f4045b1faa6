import type { Handler } from './context.ts';
import { describeResourceServer as describe } from '../domain/resource-servers/describe-resource-server.ts';
import { toResourceServerType } from '../domain/resource-servers/resource-servers.ts';

export const describeResourceServer: Handler<'DescribeResourceServer'> = async (input, ctx) => ({
  ResourceServer: toResourceServerType(await describe(ctx, input.UserPoolId, input.Identifier)),
});
