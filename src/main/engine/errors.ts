import { HostError } from '../host/types';

/** An error whose message is written for the operator and shown as it is. */
export class OperatorError extends Error {
  constructor(
    message: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}

export function describeError(error: unknown): { message: string; details?: string } {
  if (error instanceof OperatorError || error instanceof HostError) {
    return { message: error.message, details: error.details };
  }
  if (error instanceof Error) return { message: error.message, details: error.stack };
  return { message: String(error) };
}
