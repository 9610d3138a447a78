// Every timer the emulator starts goes through here, so stop() can clear them all.
export class TimerRegistry {
	private readonly timers = new Set<NodeJS.Timeout>();

	later(ms: number, fn: () => void): NodeJS.Timeout {
		const t = setTimeout(() => {
			this.timers.delete(t);
			fn();
		}, ms);
		this.timers.add(t);
		return t;
	}

	cancel(t: NodeJS.Timeout | undefined): void {
		if (!t) return;
		clearTimeout(t);
		this.timers.delete(t);
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		return new Promise((resolve) => {
			if (signal?.aborted) return resolve();
			const onAbort = () => {
				this.cancel(t);
				resolve();
			};
			const t = this.later(ms, () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			});
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	clearAll(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}

	get size(): number {
		return this.timers.size;
	}
}
