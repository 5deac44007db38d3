export * from './errors';
export * from './wire';
export * from './entities/model';
export * from './entities/agent';
export * from './entities/settings';
export * from './api/index';
