import { useCaller } from './api/get-caller';

/**
 * True only once the api has said this key may write: until then (and for a read-only key)
 * no write control is shown, so a write the key may not do is never offered.
 */
export const useCanWrite = (): boolean => useCaller().data?.scopes.includes('write') ?? false;
