import { HostError } from '../knowledge/failures';

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

/**
 * A refusal that comes from one answer, found while the checks run or the plan is built: the
 * site has no such file, the server does not answer. The engine names the answer's field by the
 * label its page gives it, as a refusal of the answers themselves does.
 */
export class AnswerError extends OperatorError {
  constructor(
    readonly field: string,
    message: string,
    details?: string,
  ) {
    super(message, details);
    this.name = 'AnswerError';
  }
}

/** The error's message for the operator, led by the label of the answer it comes from. */
export function describeWithField(error: unknown, labelOf: (field: string) => string): string {
  const { message } = describeError(error);
  return error instanceof AnswerError ? `${labelOf(error.field)}: ${message}` : message;
}
