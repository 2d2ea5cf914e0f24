import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { THEMES } from '../cases/index.ts';
import { PASSPHRASE_MAX_LENGTH, PASSPHRASE_MIN_LENGTH, PUBLIC_QUESTION_MAX_LENGTH } from './public-consult-rules.ts';
import { MESSAGE_MAX_LENGTH } from './signal-messages.schemas.ts';

/**
 * Inputs of the public consult form: a theme, the question and a passphrase — deliberately no field
 * for a name, an organisation or a person (strict: any other field is refused).
 */

/** The passphrase is taken exactly as typed (like a password): no trimming or normalisation. */
const passphrase = z
  .string()
  .min(PASSPHRASE_MIN_LENGTH, { message: 'validation.consult.passphrase_too_short' })
  .max(PASSPHRASE_MAX_LENGTH, { message: 'validation.consult.passphrase_too_long' });

export const publicQuestionSchema = z.strictObject({
  theme: z.enum(THEMES),
  question: text({ multiline: true }).trim().min(1).max(PUBLIC_QUESTION_MAX_LENGTH),
  passphrase,
  passphraseRepeat: z.string().max(PASSPHRASE_MAX_LENGTH),
});
export type PublicQuestionInput = z.infer<typeof publicQuestionSchema>;

export const publicReplySchema = z.strictObject({
  code: text().trim().min(1).max(40),
  passphrase: z.string().min(1).max(PASSPHRASE_MAX_LENGTH),
});
export type PublicReplyInput = z.infer<typeof publicReplySchema>;

export const publicAnswerBackSchema = z.strictObject({
  access: text().min(1).max(400),
  body: text({ multiline: true }).trim().min(1).max(MESSAGE_MAX_LENGTH),
});
export type PublicAnswerBackInput = z.infer<typeof publicAnswerBackSchema>;
