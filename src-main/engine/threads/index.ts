export { ThreadService, titleFrom, type ListThreads, type ThreadChoice } from './service';
export { ThreadRepository } from './repository';
export { replayLastTurn, type ReplayOptions } from './replay';
export { threadHandlers } from './handlers';
