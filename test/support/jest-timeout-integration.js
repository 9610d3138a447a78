// testTimeout is a global jest option (ignored inside `projects`); per-project timeouts are set here.
jest.setTimeout(120_000);
