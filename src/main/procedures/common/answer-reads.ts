import { AnswerError, OperatorError } from '../../engine/errors';
import { HostError } from '../../knowledge/failures';

/**
 * Reads what an answer names from the site (a backup file, the media, a kit folder, a server):
 * when the site refuses, the refusal is the operator's to fix in that answer, and the engine
 * says so under the answer's label. A fault of the wizard itself goes on as it is.
 */
export async function readingAnswer<T>(field: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AnswerError) throw error;
    if (error instanceof OperatorError || error instanceof HostError) {
      throw new AnswerError(field, error.message, error.details);
    }
    throw error;
  }
}
