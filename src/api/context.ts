import type { OperationName, OperationShapes } from '../generated/operations.ts';
import type { RequestContext } from '../domain/context.ts';

export type Input<O extends OperationName> = OperationShapes[O]['input'];
export type Output<O extends OperationName> = OperationShapes[O]['output'];
export type Handler<O extends OperationName> = (input: Input<O>, ctx: RequestContext) => Promise<Output<O>>;
export type HandlerTable = { [O in OperationName]?: Handler<O> };
