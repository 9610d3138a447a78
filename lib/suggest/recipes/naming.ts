/** Workflow names carry a common prefix so operators can find every suggested workflow. */
export function buildWorkflowSpecName(title: string): string {
	return `[Suggested] ${title}`;
}
