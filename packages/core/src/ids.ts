import { uuidv7 } from 'uuidv7';

/** Id generation, injected so tests can make ids predictable. */
export interface IdGenerator {
  /** A new UUIDv7 (time-ordered), used for log ids and records. */
  uuid(): string;
}

export const uuidv7Ids: IdGenerator = { uuid: uuidv7 };
