import { z } from 'zod';

/** The tenant setting of the public consult form. */
export const consultFormSettingSchema = z
  .strictObject({ open: z.boolean().describe('true: anyone with the link may ask the consult point a question without an account') })
  .describe('Open or close the network’s public consult form');
export type ConsultFormSettingInput = z.infer<typeof consultFormSettingSchema>;
