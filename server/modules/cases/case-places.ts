/**
 * Addresses of the case screens' confirmation steps and the places on the case page they return to
 * (and Cancel goes back to), in one file so the page's links and the steps' redirects agree.
 */
export const consentsPlace = (caseId: string): string => `/cases/${caseId}#consents`;
export const participantsPlace = (caseId: string): string => `/cases/${caseId}#participants`;
export const withdrawConsentPath = (caseId: string, consentId: string): string => `/cases/${caseId}/consents/${consentId}/withdraw`;
export const removeParticipantPath = (caseId: string, userId: string): string => `/cases/${caseId}/participants/${userId}/remove`;
