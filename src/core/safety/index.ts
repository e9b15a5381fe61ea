export { detectCrisis, type CrisisHit, type CrisisCategory } from './detect-crisis.js';
export { assessCrisis, crisisThresholds, type CrisisAssessment } from './assess-crisis.js';
export { crisisSecondOpinion, secondOpinionPrompt, SECOND_OPINION_SCHEMA, type AskJson } from './second-opinion.js';
export { crisisResponse } from './crisis-response.js';
export { helplinesFor, RU_HELPLINES, INTERNATIONAL_HELPLINES, type Helpline } from './helplines.js';
