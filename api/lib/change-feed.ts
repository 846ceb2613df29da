// A version counter with listeners: bumped whenever published state changes.
export class ChangeFeed {
  #version = 0;
  #listeners = new Set<(version: number) => void>();

  get version(): number {
    return this.#version;
  }

  bump(): void {
    this.#version += 1;
    for (const listener of this.#listeners) listener(this.#version);
  }

  subscribe(listener: (version: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
