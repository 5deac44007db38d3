export { KeyService, type KeyPrincipal } from './service';
export { KeyRepository } from './repository';
export { keyHandlers } from './handlers';
export { hashSecret, looksLikeKey } from './secret';
