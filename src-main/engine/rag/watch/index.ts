export { WatchService, type WatchServiceDeps } from './service';
export { FolderWatch, type FolderWatchOptions } from './folder-watch';
