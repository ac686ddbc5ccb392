// The one entry every host uses: look up the channel, validate the input with its zod schema, run the handler,
// and return data or an AppError value. Nothing past this point sees unvalidated input or leaks a stack.
import type { z } from 'zod';
import { api, isChannel, type CallResult, type Channel } from '../../shared/api';
import { toAppError, type AppError } from '../../shared/errors';
import type { Handler, HandlerContext } from '../handler-types';
import { handlers } from '../handlers';

export function validationError(channel: string, error: z.ZodError): AppError {
  const first = error.issues[0];
  const field = first && first.path.length > 0 ? first.path.join('.') : undefined;
  return {
    code: 'BAD_INPUT',
    message: `Invalid input for ${channel}: ${error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')}`,
    where: field ? { field } : undefined,
  };
}

export async function dispatch(channel: string, input: unknown, ctx: HandlerContext): Promise<CallResult<Channel>> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown API call '${channel}'.` } };
  const parsed = api[channel].input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: validationError(channel, parsed.error) };
  try {
    const handler = handlers[channel] as Handler<Channel>;
    const data = await handler(parsed.data as never, ctx);
    return { ok: true, data } as CallResult<Channel>;
  } catch (e) {
    return { ok: false, error: toAppError(e) };
  }
}
