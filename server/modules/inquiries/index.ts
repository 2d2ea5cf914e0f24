/** The inquiries module's public surface: network inquiries and client registers. */
import type { ModuleRegistration } from '../module-manifest.ts';
import { registerClientRegisterRoutes } from './client-register.routes.ts';
import { registerClientRegisterPages } from './client-register.pages.tsx';
import { registerInquiryJobHandlers } from './inquiry-jobs.ts';
import { registerInquiryRoutes } from './inquiries.routes.ts';
import { registerInquiryPages } from './inquiries.pages.tsx';
import { registerSignalInquiryPages } from './signal-inquiries.pages.tsx';
export { replaceClientRegister } from './replace-client-register.ts';
export { viewClientRegister } from './view-client-register.ts';
export { createInquiry, type CreatedInquiry } from './create-inquiry.ts';
export { listInquiries, type InquirySummary } from './list-inquiries.ts';
export { viewInquiry, type InquiryDetail } from './view-inquiry.ts';
export { answerInquiry } from './answer-inquiry.ts';
export { remindInquiry, expireInquiry, registerInquiryJobHandlers } from './inquiry-jobs.ts';
export * from './inquiries.vocabulary.ts';
export { inquiriesHomePanels } from './home-panels.ts';

/** Registers the module's API routes, pages and job handlers (called through its manifest). */
export async function registerInquiriesModule({ app, ctx, cookies, apiRoutes }: ModuleRegistration): Promise<void> {
  registerInquiryJobHandlers();
  await registerClientRegisterRoutes(app, ctx, apiRoutes);
  registerClientRegisterPages(app, ctx, cookies);
  registerInquiryRoutes(app, ctx, apiRoutes);
  registerInquiryPages(app, ctx, cookies);
  registerSignalInquiryPages(app, ctx, cookies);
}
