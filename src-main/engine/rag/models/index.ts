export { LocalModelRegistry, UserModel } from './registry';
export { LocalModelService, type LocalModelServiceDeps } from './service';
export { modelHandlers } from './handlers';
export { inspectModelFolder, maxTokensOf } from './folder';
export { downloadHubModel, type HubDownload, type DownloadProgress } from './download';
