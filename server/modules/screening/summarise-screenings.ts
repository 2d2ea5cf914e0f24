import type { AppContext } from '../../context.ts';
import type { Locale } from '../../platform/config.ts';
import { formatLocalTime } from '../../ui/local-time.ts';
import { translator } from '../../ui/i18n.ts';
import type { AuditedSignalRead } from '../signals/index.ts';
import { openScreenings } from './list-screenings.ts';

/**
 * The screenings of a signal as plain text, for the referral to add to the case as an item: per
 * screening (newest first) the instrument and version, the date, the observations and ticked
 * factors, the judgement with its category, the urgency and the rationale. Null when the signal has
 * no screening.
 *
 * It takes the read the referral made through the signals door (`readSignal`, recorded as
 * `signal.viewed`); only the coordinator's read opens the screenings (the reporter's never does).
 */
export async function screeningSummary(ctx: AppContext, read: AuditedSignalRead, locale: Locale): Promise<string | null> {
  if (!read.relation.coordinator) return null;
  const { screenings, instruments } = await openScreenings(ctx, read, locale);
  if (screenings.length === 0) return null;
  const t = translator(locale);
  const blocks = screenings.map((screening) => {
    const lines = [
      t('screening.recorded.heading', {
        instrument: screening.instrument.title,
        version: screening.instrument.version,
        date: formatLocalTime(screening.screenedAt, locale),
      }),
    ];
    for (const section of instruments.get(screening.instrument.id)?.sections ?? []) {
      const answered = section.items.filter((item) => screening.answers[item.key] !== undefined);
      if (answered.length === 0) continue;
      lines.push('', `${section.title}:`);
      for (const item of answered) {
        const answer = screening.answers[item.key]!;
        if (answer === true) lines.push(`- ${item.prompt}`);
        else
          for (const observation of answer) {
            lines.push(`- ${observation.fact} (${t(`screening.factor.${observation.factor}`)})`);
            if (observation.unknown) lines.push(`  ${t('screening.recorded.still_unknown', { unknown: observation.unknown })}`);
          }
      }
    }
    const yesNo = (value: boolean) => t(value ? 'screening.judgement.yes' : 'screening.judgement.no');
    lines.push(
      '',
      `${t('screening.judgement.wellbeing')} ${yesNo(screening.judgement.wellbeingVulnerable)}`,
      `${t('screening.judgement.radicalisation')} ${yesNo(screening.judgement.radicalisationVulnerable)}`,
      `${t('screening.category.label', { category: screening.category })} ${t(`screening.category.${screening.category}`)}`,
      `${t('screening.judgement.urgency')} ${t(`screening.urgency.${screening.judgement.urgency}`)}`,
      `${t('screening.judgement.rationale')}: ${screening.judgement.rationale}`,
    );
    return lines.join('\n');
  });
  return blocks.join('\n\n---\n\n');
}
