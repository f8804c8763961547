/**
 * The admin token lives in sessionStorage only: it is gone when the tab closes, never reaches
 * storage that outlives the tab or a cookie, and is never put into the page.
 */
const KEY = 'aigw.adminToken';

export const session = {
  token(): string | null {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  save(token: string): void {
    sessionStorage.setItem(KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
