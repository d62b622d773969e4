/**
 * A bounded set of concurrent tasks: `adopt` runs now (the caller checked `free()`),
 * `submit` runs now or waits in line. `drained()` resolves when nothing is running.
 */
export class WorkPool {
  private active = 0;
  private readonly waiting: (() => Promise<void>)[] = [];
  private readonly idle: (() => void)[] = [];

  /** `onFree` runs each time a task ends and frees its slot (to start more work). */
  constructor(
    private readonly limit: number,
    private readonly onFree: () => void = () => {},
  ) {}

  busy(): boolean {
    return this.active > 0 || this.waiting.length > 0;
  }

  free(): number {
    return Math.max(0, this.limit - this.active);
  }

  adopt(task: () => Promise<void>): void {
    this.active++;
    task()
      .catch(() => {}) // tasks record their own failures
      .finally(() => {
        this.active--;
        const next = this.waiting.shift();
        if (next) this.adopt(next);
        else if (this.active === 0) for (const resolve of this.idle.splice(0)) resolve();
        this.onFree();
      });
  }

  submit(task: () => Promise<void>): void {
    if (this.active < this.limit) this.adopt(task);
    else this.waiting.push(task);
  }

  drained(): Promise<void> {
    if (this.active === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}
