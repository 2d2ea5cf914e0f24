import type { Migration } from 'kysely';
import * as accounts from './20261128T150000-accounts.ts';
import * as signInAndAudit from './20261128T160000-sign-in-and-audit.ts';
import * as tenantKeys from './20261128T170000-tenant-keys.ts';
import * as tablesAndCases from './20261128T180000-tables-and-cases.ts';
import * as tokenExpiryAndSetupClaim from './20261129T100000-token-expiry-and-setup-claim.ts';
import * as emailUniquePerNetwork from './20261129T100100-email-unique-per-network.ts';
import * as denialCounters from './20261129T110000-denial-counters.ts';
import * as tableVersionsAndHistory from './20261129T120000-table-versions-and-history.ts';
import * as caseVisits from './20261129T130000-case-visits.ts';
import * as consentWithdrawalDetails from './20261130T090000-consent-withdrawal-details.ts';
import * as caseAgeException from './20261130T100000-case-age-exception.ts';
import * as jobs from './20261130T110000-jobs.ts';
import * as screeningInstruments from './20261130T120000-screening-instruments.ts';
import * as consultPoint from './20261130T130000-consult-point.ts';
import * as signalReporterSeat from './20261130T140100-signal-reporter-seat.ts';
import * as inquirySubject from './20261130T140300-inquiry-subject.ts';
import * as signalAddedToCase from './20261130T140900-signal-added-to-case.ts';
import * as meetings from './20261130T150000-meetings.ts';
import * as attestationAgendaAttendance from './20261130T160100-attestation-agenda-attendance.ts';
import * as plans from './20261130T160000-plans.ts';
import * as meetingInvitationsAndCalendarFeeds from './20261130T160200-meeting-invitations-and-calendar-feeds.ts';
import * as meetingLifecycle from './20261201T090000-meeting-lifecycle.ts';
import * as feedbackForms from './20261201T120000-feedback-forms.ts';
import * as meetingMinutes from './20261201T100000-meeting-minutes.ts';
import * as meetingInventory from './20261201T140000-meeting-inventory.ts';
import * as actionPointsAndMeetingChanges from './20261201T110000-action-points-and-meeting-changes.ts';
import * as modalitiesAndHandover from './20261201T130000-modalities-and-handover.ts';
import * as directory from './20261201T200000-directory.ts';
import * as agreementService from './20261201T210000-agreement-service.ts';
import * as directorySearchSpeed from './20261202T100000-directory-search-speed.ts';
import * as hotQueryIndexes from './20261202T110000-hot-query-indexes.ts';
import * as meetingCalendarSequence from './20261202T115000-meeting-calendar-sequence.ts';
import * as auditChainPerTenant from './20261203T090000-audit-chain-per-tenant.ts';

/**
 * Every migration, keyed by its timestamped name. Forward-only: a landed migration is never edited;
 * a change is a new file. Listed statically so bundling and both dialects see the same set.
 */
export const migrations: Record<string, Migration> = {
  '20261128T150000-accounts': accounts,
  '20261128T160000-sign-in-and-audit': signInAndAudit,
  '20261128T170000-tenant-keys': tenantKeys,
  '20261128T180000-tables-and-cases': tablesAndCases,
  '20261129T100000-token-expiry-and-setup-claim': tokenExpiryAndSetupClaim,
  '20261129T100100-email-unique-per-network': emailUniquePerNetwork,
  '20261129T110000-denial-counters': denialCounters,
  '20261129T120000-table-versions-and-history': tableVersionsAndHistory,
  '20261129T130000-case-visits': caseVisits,
  '20261130T090000-consent-withdrawal-details': consentWithdrawalDetails,
  '20261130T100000-case-age-exception': caseAgeException,
  '20261130T110000-jobs': jobs,
  '20261130T120000-screening-instruments': screeningInstruments,
  '20261130T130000-consult-point': consultPoint,
  '20261130T140100-signal-reporter-seat': signalReporterSeat,
  '20261130T140300-inquiry-subject': inquirySubject,
  '20261130T140900-signal-added-to-case': signalAddedToCase,
  '20261130T150000-meetings': meetings,
  '20261130T160000-plans': plans,
  '20261130T160100-attestation-agenda-attendance': attestationAgendaAttendance,
  '20261130T160200-meeting-invitations-and-calendar-feeds': meetingInvitationsAndCalendarFeeds,
  '20261201T090000-meeting-lifecycle': meetingLifecycle,
  '20261201T100000-meeting-minutes': meetingMinutes,
  '20261201T110000-action-points-and-meeting-changes': actionPointsAndMeetingChanges,
  '20261201T120000-feedback-forms': feedbackForms,
  '20261201T130000-modalities-and-handover': modalitiesAndHandover,
  '20261201T140000-meeting-inventory': meetingInventory,
  '20261201T200000-directory': directory,
  '20261201T210000-agreement-service': agreementService,
  '20261202T100000-directory-search-speed': directorySearchSpeed,
  '20261202T110000-hot-query-indexes': hotQueryIndexes,
  '20261202T115000-meeting-calendar-sequence': meetingCalendarSequence,
  '20261203T090000-audit-chain-per-tenant': auditChainPerTenant,
};
