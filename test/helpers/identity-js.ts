import type { ICognitoStorage } from 'amazon-cognito-identity-js';

/** The Storage amazon-cognito-identity-js keeps tokens and the device secret in, in memory. */
export class MemoryStorage implements ICognitoStorage {
  readonly data = new Map<string, string>();
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
  clear(): void {
    this.data.clear();
  }
}
