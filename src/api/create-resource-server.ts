import type { Handler } from './context.ts';
import { createResourceServer as create } from '../domain/resource-servers/create-resource-server.ts';
import { toResourceServerType } from '../domain/resource-servers/resource-servers.ts';

export const createResourceServer: Handler<'CreateResourceServer'> = async (input, ctx) => ({ ResourceServer: toResourceServerType(await create(ctx, input)) });
