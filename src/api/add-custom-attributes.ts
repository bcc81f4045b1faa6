import type { Handler } from './context.ts';
import { addCustomAttributes as addToSchema } from '../domain/pools/add-custom-attributes.ts';

export const addCustomAttributes: Handler<'AddCustomAttributes'> = async (input, ctx) => {
  await addToSchema(ctx, input.UserPoolId, input.CustomAttributes);
  return {};
};
