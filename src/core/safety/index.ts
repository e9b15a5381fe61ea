export { detectCrisis, type CrisisHit, type CrisisCategory } from './detect-crisis.js';
export { crisisResponse } from './crisis-response.js';
export { helplinesFor, RU_HELPLINES, INTERNATIONAL_HELPLINES, type Helpline } from './helplines.js';
