/** Kept so feature code can import `toAppError` from the renderer's api folder; the client lives in @shared/client. */
export { toAppError } from '@shared/client/core';
