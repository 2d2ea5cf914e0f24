/**
 * The professional judgement that closes a screening (DOMAIN.md "The flow", step 2): two axes, an
 * urgency and a rationale, recorded by a person. It is never derived from the answers.
 */
export interface ScreeningJudgement {
  readonly wellbeingVulnerable: boolean;
  readonly radicalisationVulnerable: boolean;
}

/** Category 1 no vulnerability, 2 general well-being only, 3 radicalisation only, 4 both. */
export type ScreeningCategory = 1 | 2 | 3 | 4;

/**
 * The category of a recorded judgement: `1 + wellbeing + 2 × radicalisation`. Its only input is the
 * judgement a professional recorded — no instrument answer, tick or count ever reaches it.
 */
export function screeningCategory(judgement: ScreeningJudgement): ScreeningCategory {
  return (1 + (judgement.wellbeingVulnerable ? 1 : 0) + (judgement.radicalisationVulnerable ? 2 : 0)) as ScreeningCategory;
}
