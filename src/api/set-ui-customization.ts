import type { Handler } from './context.ts';
import { setUICustomization as set } from '../domain/pool-settings/set-ui-customization.ts';

export const setUICustomization: Handler<'SetUICustomization'> = async (input, ctx) => ({ UICustomization: await set(ctx, input) });
