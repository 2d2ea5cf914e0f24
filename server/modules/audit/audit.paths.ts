/** Addresses of the audit pages, shared by the pages that link to each other. */
export const AUDIT_PAGE_PATH = '/audit';
/** The who-saw-what report of one case (GET form). */
export const ACCESS_REPORT_PAGE_PATH = '/audit/access-report';
/** The justified decision to show staff names in the report (POST form). */
export const STAFF_NAMES_PAGE_PATH = '/audit/access-report/staff-names';
/** The data protection officer's lookup of the cases of one person (POST form: no name in a URL). */
export const PERSON_LOOKUP_PAGE_PATH = '/audit/access-report/person';
