export interface LibsqlStorageOptions {
  /** `file:./data/aigw.db`, `:memory:`, `libsql://…`, `http://…` or `https://…`. */
  url: string;
  /** Token for a remote libSQL server. */
  authToken?: string;
}

/** The URL as error messages may show it: without the query, which can carry `authToken`. */
export function displayUrl(url: string): string {
  return url.split('?')[0] ?? url;
}
