import type { Handler } from './context.ts';
import { toResourceServerType } from '../domain/resource-servers/resource-servers.ts';
import { updateResourceServer as update } from '../domain/resource-servers/update-resource-server.ts';

export const updateResourceServer: Handler<'UpdateResourceServer'> = async (input, ctx) => ({ ResourceServer: toResourceServerType(await update(ctx, input)) });
