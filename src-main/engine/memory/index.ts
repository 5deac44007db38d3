export { MemoryService, type EmbedderProvider, type RecallOptions } from './service';
export { ConversationService, type ConversationOptions, type HistoryTurn, type PreparedHistory, type Summarise, type ThreadKey } from './conversation';
export { memoryHandlers } from './handlers';
