export { knowledgeSearchTool, type KnowledgeSearcher } from './knowledge-tool';
export { askKnowledgeBase, askPrompt, type AskDeps, type AskRequest } from './ask';
export { citedNumbers, citedHit, sourceLabel } from './sources';
