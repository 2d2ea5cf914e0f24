import { ButtonForm } from '../../ui/components.tsx';
import type { View } from '../../ui/view.ts';
import type { Meeting } from './meetings.schemas.ts';

/** Which steps of its course the actor may take on the meeting now. */
export interface CourseAbilities {
  readonly start: boolean;
  readonly close: boolean;
}

/**
 * Start and close on the meeting page. Each asks for confirmation where the user is: the button
 * opens (a native disclosure, keyboard and screen reader usable, no script needed) what the step
 * means and the button that takes it, with the version the page showed.
 */
export function MeetingCourseControls({ view, meeting, abilities }: { view: View; meeting: Meeting; abilities: CourseAbilities }) {
  if (!abilities.start && !abilities.close) return null;
  const step = abilities.start ? 'start' : 'close';
  return (
    <section aria-labelledby="course-heading" class="meeting-course">
      <h2 id="course-heading">{view.t(`meetings.course.${step}_title`)}</h2>
      <details>
        <summary>{view.t(`meetings.course.${step}`)}</summary>
        <p>{view.t(`meetings.course.${step}_confirm_text`)}</p>
        <ButtonForm
          view={view}
          action={`/meetings/${meeting.id}/${step}`}
          hidden={{ version: String(meeting.version) }}
          label={view.t(`meetings.course.${step}_confirm`)}
        />
      </details>
    </section>
  );
}
