export { EvalService, type EvalServiceDeps } from './service';
export { evalHandlers } from './handlers';
export { createScorers } from './scorers';
export { setupGuide, guideSources, GUIDE_KB, GUIDE_AGENT } from './guide';
