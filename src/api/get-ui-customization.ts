import type { Handler } from './context.ts';
import { uiCustomizationOf } from '../domain/pool-settings/get-ui-customization.ts';

export const getUICustomization: Handler<'GetUICustomization'> = async (input, ctx) => ({ UICustomization: await uiCustomizationOf(ctx, input.UserPoolId, input.ClientId) });
