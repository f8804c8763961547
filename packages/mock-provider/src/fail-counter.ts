/** Counts requests per `x-mock-fail-first` key, so the first N of them fail. */
export class FailCounter {
  #seen = new Map<string, number>()

  /** Counts one request under `key`; true while it is among the first `count`. */
  shouldFail(key: string, count: number): boolean {
    const seen = (this.#seen.get(key) ?? 0) + 1
    this.#seen.set(key, seen)
    return seen <= count
  }

  reset(): void {
    this.#seen.clear()
  }
}
